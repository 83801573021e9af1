/** `/info usage`: the Usage card alone. */
import { defineCommand } from '../src/dispatch/command.js';
import { infoCards } from '../src/dispatch/reply.js';
import type { BotServices } from '../src/dispatch/services.js';

export default defineCommand<BotServices>({
  name: 'info usage',
  summary: 'The Usage card: users, rooms, messages and uploads',
  usage: 'info usage',
  permission: 'view-statistics',
  where: 'any',
  async run(ctx) {
    const ids = ['usage'] as const;
    return infoCards(await ctx.services.stats.get(ids), ids, { now: ctx.now(), timeZone: ctx.services.config.daily.timeZone });
  },
});
