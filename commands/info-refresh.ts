/** `/info refresh`: recomputes every number now, bypassing the cache, and says when they are from. */
import { defineCommand } from '../src/dispatch/command.js';
import { snapshotCards } from '../src/dispatch/reply.js';
import type { BotServices } from '../src/dispatch/services.js';

export default defineCommand<BotServices>({
  name: 'info refresh',
  summary: 'Recompute all four cards now instead of using the cached numbers',
  usage: 'info refresh',
  permission: 'view-statistics',
  where: 'any',
  async run(ctx) {
    const snapshot = await ctx.services.stats.get({ refresh: true });
    return snapshotCards(snapshot, ['deployment', 'license', 'usage', 'federation'], ctx.now(), true);
  },
});
