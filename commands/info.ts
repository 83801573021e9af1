/** `/info`: the four cards of Administration > Info, as the admin page shows them. */
import { defineCommand } from '../src/dispatch/command.js';
import { infoCards } from '../src/dispatch/reply.js';
import { INFO_SECTIONS } from '../src/stats/result.js';
import type { BotServices } from '../src/dispatch/services.js';

export default defineCommand<BotServices>({
  name: 'info',
  summary: 'The Info page: Deployment, License, Usage and Federation cards',
  usage: 'info',
  permission: 'view-statistics',
  where: 'any',
  async run(ctx) {
    return infoCards(await ctx.services.stats.get(INFO_SECTIONS), INFO_SECTIONS, { now: ctx.now(), timeZone: ctx.services.config.daily.timeZone });
  },
});
