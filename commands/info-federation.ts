/** `/info federation`: the Federation card alone. */
import { defineCommand } from '../src/dispatch/command.js';
import { infoCards } from '../src/dispatch/reply.js';
import type { BotServices } from '../src/dispatch/services.js';

export default defineCommand<BotServices>({
  name: 'info federation',
  summary: 'The Federation card: federated servers, rooms and users',
  usage: 'info federation',
  permission: 'view-statistics',
  where: 'any',
  async run(ctx) {
    const ids = ['federation'] as const;
    return infoCards(await ctx.services.stats.get(ids), ids, { now: ctx.now(), timeZone: ctx.services.config.daily.timeZone });
  },
});
