/** Room fields of Rocket.Chat's statistics (`rocketchat_room`), with Rocket.Chat's queries. */
import type { StatsContext } from './context.js';

/** totalRooms, counts per type (Rooms.countByType) and discussions (Rooms.countDiscussions). */
export async function collectRoomCounts(ctx: StatsContext): Promise<void> {
  const rooms = ctx.db.collection('rocketchat_room');
  ctx.stats.totalRooms = ctx.semantics.estimatedTotals ? await rooms.estimatedDocumentCount() : await rooms.countDocuments({});
  ctx.stats.totalChannels = await rooms.countDocuments({ t: 'c' });
  ctx.stats.totalPrivateGroups = await rooms.countDocuments({ t: 'p' });
  ctx.stats.totalDirect = await rooms.countDocuments({ t: 'd' });
  ctx.stats.totalLivechat = await rooms.countDocuments({ t: 'l' });
  ctx.stats.totalDiscussions = await rooms.countDocuments({ prid: { $exists: true } });
}

/** Team.getStatistics(), pushed into the parallel group. */
export function pushTeamStatistics(ctx: StatsContext): void {
  const { db, stats } = ctx;
  ctx.parallel.push('teams', async () => {
    const rooms = db.collection('rocketchat_room');
    const totalTeams = await db.collection('rocketchat_team').estimatedDocumentCount();
    const totalRoomsInsideTeams = await rooms.countDocuments({ teamId: { $exists: true }, teamMain: { $exists: false } });
    const totalDefaultRoomsInsideTeams = await rooms.countDocuments({ teamId: { $exists: true }, teamMain: { $exists: false }, teamDefault: true });
    stats.teams = { totalTeams, totalRoomsInsideTeams, totalDefaultRoomsInsideTeams };
  });
}
