/** Federation fields of Rocket.Chat's statistics: legacy Rocket.Chat federation (≤7.x) and the Matrix bridge. */
import type { StatsContext } from './context.js';

/** federatedServers / federatedUsers (app/federation dashboard), parallel; numberOfEvents is computed but not kept. */
export function pushLegacyFederation(ctx: StatsContext): void {
  const { db, stats } = ctx;
  ctx.parallel.push('federation', async () => {
    const numberOfServers = await db.collection('rocketchat_federation_servers').estimatedDocumentCount();
    await db.collection('rocketchat_federation_room_events').estimatedDocumentCount();
    const numberOfFederatedUsers = await db.collection('users').countDocuments({ isRemote: true });
    stats.federatedServers = numberOfServers;
    stats.federatedUsers = numberOfFederatedUsers;
  });
}

type FederatedRoom = { _id: string; fname?: string; name?: string; usersCount?: number };

/** getMatrixFederationStatistics (rocketchat-info.md §5.3); 8.x lists no external servers. */
export async function matrixFederationStatistics(ctx: StatsContext): Promise<Record<string, unknown>> {
  const { db, settings, semantics } = ctx;
  const rooms = db.collection('rocketchat_room');
  const pick = async (direction: 1 | -1) => {
    const [room] = await rooms
      .find<FederatedRoom>({ federated: true }, { sort: { usersCount: direction }, limit: 1, projection: { _id: 1, name: 1, fname: 1, usersCount: 1 } })
      .toArray();
    return room ? { _id: room._id, name: room.fname || room.name || '', usersCount: room.usersCount } : null;
  };
  const biggestRoom = await pick(-1);
  const smallestRoom = await pick(1);
  const amountOfExternalUsers = await db.collection('users').countDocuments({ federated: true });
  const amountOfFederatedRooms = await rooms.countDocuments({ federated: true });
  let servers: string[] = [];
  if (!semantics.v8) {
    const homeserver = settings.get<string>('Federation_Matrix_homeserver_domain');
    const distinct = (await db.collection('rocketchat_matrix_bridged_rooms').distinct('fromServer')) as string[];
    servers = distinct.filter((server) => server !== homeserver);
  }
  return {
    enabled: settings.get('Federation_Matrix_enabled'),
    maximumSizeOfPublicRoomsUsers: settings.get('Federation_Matrix_max_size_of_public_rooms_users'),
    biggestRoom,
    smallestRoom,
    amountOfExternalUsers,
    amountOfFederatedRooms,
    externalConnectedServers: { quantity: servers.length, servers },
  };
}
