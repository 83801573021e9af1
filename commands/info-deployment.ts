/** `/info deployment`: the Deployment card alone. */
import { defineCommand } from '../src/dispatch/command.js';
import { infoCards } from '../src/dispatch/reply.js';
import type { BotServices } from '../src/dispatch/services.js';

export default defineCommand<BotServices>({
  name: 'info deployment',
  summary: 'The Deployment card: versions, MongoDB, migration, instances',
  usage: 'info deployment',
  permission: 'view-statistics',
  where: 'any',
  async run(ctx) {
    const ids = ['deployment'] as const;
    return infoCards(await ctx.services.stats.get(ids), ids, { now: ctx.now(), timeZone: ctx.services.config.daily.timeZone });
  },
});
