/** `/info license`: the License card alone. */
import { defineCommand } from '../src/dispatch/command.js';
import { infoCards } from '../src/dispatch/reply.js';
import type { BotServices } from '../src/dispatch/services.js';

export default defineCommand<BotServices>({
  name: 'info license',
  summary: 'The License card: plan, modules, limits and expiry',
  usage: 'info license',
  permission: 'view-statistics',
  where: 'any',
  async run(ctx) {
    const ids = ['license'] as const;
    return infoCards(await ctx.services.stats.get(ids), ids, { now: ctx.now(), timeZone: ctx.services.config.daily.timeZone });
  },
});
