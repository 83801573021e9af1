/** `/info license`: the License card alone. */
import { defineCommand } from '../src/dispatch/command.js';
import { snapshotCards } from '../src/dispatch/reply.js';
import type { BotServices } from '../src/dispatch/services.js';

export default defineCommand<BotServices>({
  name: 'info license',
  summary: 'The License card: plan, modules, limits and expiry',
  usage: 'info license',
  permission: 'view-statistics',
  where: 'any',
  async run(ctx) {
    return snapshotCards(await ctx.services.stats.get(), ['license'], ctx.now());
  },
});
