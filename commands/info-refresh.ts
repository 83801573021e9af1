/** `/info refresh`: recomputes every number now, bypassing the cache, and says when they are from. */
import { defineCommand } from '../src/dispatch/command.js';
import { infoCards } from '../src/dispatch/reply.js';
import { INFO_SECTIONS } from '../src/stats/result.js';
import type { BotServices } from '../src/dispatch/services.js';

export default defineCommand<BotServices>({
  name: 'info refresh',
  summary: 'Recompute all four cards now instead of using the cached numbers',
  usage: 'info refresh',
  permission: 'view-statistics',
  where: 'any',
  async run(ctx) {
    const result = await ctx.services.stats.get(INFO_SECTIONS, { refresh: true });
    return infoCards(result, INFO_SECTIONS, { now: ctx.now(), timeZone: ctx.services.config.daily.timeZone, refreshed: true });
  },
});
