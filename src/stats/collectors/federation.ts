/**
 * The Federation card: the legacy Rocket.Chat federation (settings FEDERATION_*, the three checks of the classic
 * Info page, federated servers and users) and Matrix federation (Federation_Matrix_* settings and the
 * `matrixFederation` statistics; 8.x native federation settings Federation_Service_*).
 */
import type { Outcome } from '../query-runner.js';
import { estimatedCount, exactCount } from '../queries/collections.js';
import { federationUserCounts } from '../queries/users.js';
import { settingField, sourcedField } from '../sourced.js';
import type { FederatedRoomRef, MatrixFederationStatistics } from '../statistics-types.js';
import type { CollectContext, Sourced } from '../types.js';

/** A check item's state, with Rocket.Chat's icon meaning (green check, red cross, grey ring). */
export type FederationCheckStatus = 'success' | 'failed' | 'unknown';

/** One of the three items of the classic Federation card. */
export interface FederationCheck {
  title: string;
  subtitle: string;
  status: FederationCheckStatus;
}

/** The federation facts with their sources. */
export interface FederationInfo {
  enabled: Sourced<boolean>;
  domain: Sourced<string>;
  discoveryMethod: Sourced<string>;
  /** Null when the settings could not be read. */
  checks: FederationCheck[] | null;
  federatedServers: Sourced<number>;
  federatedUsers: Sourced<number>;
  matrix: Sourced<MatrixFederationStatistics>;
  matrixConfigurationStatus: Sourced<string>;
  matrixHomeserverDomain: Sourced<string>;
  nativeEnabled: Sourced<boolean>;
  nativeDomain: Sourced<string>;
}

/** The three checks with Rocket.Chat's rules (all unknown while federation is off). */
export function federationChecks(enabled: boolean, healthy: boolean, populated: boolean): FederationCheck[] {
  return [
    {
      title: 'Enable Federation',
      subtitle: 'Federation integration is working correctly.',
      status: enabled ? 'success' : 'unknown',
    },
    {
      title: 'Adding Federation to your Server',
      subtitle: 'Changes needed on your Server the Domain Name, Target and Port.',
      status: !enabled ? 'unknown' : healthy ? 'success' : 'failed',
    },
    {
      title: 'Adding Federated Users',
      subtitle: 'We guide you on how to add your first federated user.',
      status: !enabled ? 'unknown' : populated ? 'success' : healthy ? 'failed' : 'unknown',
    },
  ];
}

function federatedRoom(ctx: CollectContext, order: 1 | -1): Promise<Outcome<FederatedRoomRef | null>> {
  return ctx.runner.run(order === -1 ? 'biggestFederatedRoom' : 'smallestFederatedRoom', async (options) => {
    const [room] = await ctx.db
      .collection('rocketchat_room')
      .find({ federated: true }, { ...options, sort: { usersCount: order }, limit: 1, projection: { fname: 1, name: 1, usersCount: 1 } })
      .toArray();
    if (!room) return null;
    return { _id: String(room._id), name: String(room.fname || room.name || ''), usersCount: Number(room.usersCount) || 0 };
  });
}

function bridgedServers(ctx: CollectContext): Promise<Outcome<string[]>> {
  if (!ctx.semantics.matrixServersListed) return Promise.resolve({ ok: true, value: [] });
  return ctx.runner.run('matrixBridgedServers', async (options) => {
    // Rocket.Chat's distinct('fromServer') as a $group: FerretDB refuses maxTimeMS on distinct.
    const rows = await ctx.db
      .collection('rocketchat_matrix_bridged_rooms')
      .aggregate<{ _id: unknown }>([{ $group: { _id: '$fromServer' } }], options)
      .toArray();
    const own = ctx.settings.get<string>('Federation_Matrix_homeserver_domain');
    return rows.map((row) => row._id).filter((server): server is string => typeof server === 'string' && server !== own).sort();
  });
}

const bool = (value: unknown) => value === true;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Collects the federation facts. */
export async function collectFederation(ctx: CollectContext): Promise<FederationInfo> {
  // Narrow counts, as Rocket.Chat's plan has them (federation dashboard and getMatrixFederationStatistics), each on
  // Rocket.Chat's sparse `federated` / `isRemote` index: no pass over every user or room.
  const [users, rooms, servers, biggest, smallest, bridged] = await Promise.all([
    federationUserCounts(ctx.runner),
    exactCount(ctx.runner, 'rocketchat_room', { federated: true }),
    estimatedCount(ctx.runner, 'rocketchat_federation_servers'),
    federatedRoom(ctx, -1),
    federatedRoom(ctx, 1),
    bridgedServers(ctx),
  ]);
  const enabled = settingField(ctx, 'federationEnabled', (s) => bool(s.get('FEDERATION_Enabled')));
  const matrixOutcome: Outcome<MatrixFederationStatistics> =
    !users.ok ? users : !rooms.ok ? rooms : !biggest.ok ? biggest : !smallest.ok ? smallest : !bridged.ok ? bridged : !ctx.settings.ok
      ? { ok: false, error: ctx.settings.error ?? 'settings could not be read', timedOut: false }
      : {
          ok: true,
          value: {
            enabled: bool(ctx.settings.get('Federation_Matrix_enabled')),
            maximumSizeOfPublicRoomsUsers: Number(ctx.settings.get('Federation_Matrix_max_size_of_public_rooms_users') ?? 0) || 0,
            biggestRoom: biggest.value,
            smallestRoom: smallest.value,
            amountOfExternalUsers: users.value.externalUsers,
            amountOfFederatedRooms: rooms.value,
            externalConnectedServers: { quantity: bridged.value.length, servers: bridged.value },
          },
        };
  return {
    enabled,
    domain: settingField(ctx, 'federationDomain', (s) => text(s.get('FEDERATION_Domain'))),
    discoveryMethod: settingField(ctx, 'federationDiscoveryMethod', (s) => text(s.get('FEDERATION_Discovery_Method'))),
    checks: ctx.settings.ok
      ? federationChecks(bool(ctx.settings.get('FEDERATION_Enabled')), bool(ctx.settings.get('FEDERATION_Healthy')), bool(ctx.settings.get('FEDERATION_Populated')))
      : null,
    federatedServers: sourcedField(ctx, 'federatedServers', servers, (n) => n),
    federatedUsers: sourcedField(ctx, 'federatedUsers', users, (counts) => counts.federatedUsers),
    matrix: sourcedField(ctx, 'matrixFederation', matrixOutcome, (value) => value),
    matrixConfigurationStatus: settingField(ctx, 'matrixConfigurationStatus', (s) => text(s.get('Federation_Matrix_configuration_status'))),
    matrixHomeserverDomain: settingField(ctx, 'matrixHomeserverDomain', (s) => text(s.get('Federation_Matrix_homeserver_domain'))),
    nativeEnabled: settingField(ctx, 'nativeFederationEnabled', (s) => (s.doc('Federation_Service_Enabled') ? bool(s.get('Federation_Service_Enabled')) : undefined)),
    nativeDomain: settingField(ctx, 'nativeFederationDomain', (s) => text(s.get('Federation_Service_Domain'))),
  };
}
