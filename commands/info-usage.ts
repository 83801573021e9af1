/** `/info usage`: the Usage card alone. */
import { defineCommand } from '../src/dispatch/command.js';
import { snapshotCards } from '../src/dispatch/reply.js';
import type { BotServices } from '../src/dispatch/services.js';

export default defineCommand<BotServices>({
  name: 'info usage',
  summary: 'The Usage card: users, rooms, messages and uploads',
  usage: 'info usage',
  permission: 'view-statistics',
  where: 'any',
  async run(ctx) {
    return snapshotCards(await ctx.services.stats.get(), ['usage'], ctx.now());
  },
});
