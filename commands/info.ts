/** `/info`: the four cards of Administration > Info, as the admin page shows them. */
import { defineCommand } from '../src/dispatch/command.js';
import { snapshotCards } from '../src/dispatch/reply.js';
import type { BotServices } from '../src/dispatch/services.js';

export default defineCommand<BotServices>({
  name: 'info',
  summary: 'The Info page: Deployment, License, Usage and Federation cards',
  usage: 'info',
  permission: 'view-statistics',
  where: 'any',
  async run(ctx) {
    const snapshot = await ctx.services.stats.get();
    return snapshotCards(snapshot, ['deployment', 'license', 'usage', 'federation'], ctx.now());
  },
});
