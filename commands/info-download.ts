/**
 * `/info download`: statistics.json uploaded into the room, the file the Info page's "Download info"
 * button saves, computed from the same numbers as the cards.
 */
import { defineCommand } from '../src/dispatch/command.js';
import { formatDateTime } from '../src/cards/format.js';
import { file } from '../src/dispatch/reply.js';
import type { BotServices } from '../src/dispatch/services.js';
import { provenanceLine, statisticsFile, toJsonText } from '../src/stats/statistics-file.js';

export default defineCommand<BotServices>({
  name: 'info download',
  summary: 'Upload statistics.json, as the Info page’s Download button saves it',
  usage: 'info download',
  permission: 'view-statistics',
  where: 'any',
  async run(ctx) {
    const { document, computedAt } = await ctx.services.stats.get(['document']);
    // Rocket.Chat's document for the workspace's version; where each value came from goes into the message, not the file.
    const { statistics, provenance } = statisticsFile(document);
    const content = Buffer.from(toJsonText(statistics), 'utf8');
    return file(
      'statistics.json',
      'application/json',
      content,
      `Statistics as of ${formatDateTime(computedAt, ctx.services.config.daily.timeZone)}. ${provenanceLine(provenance)}`,
    );
  },
});
