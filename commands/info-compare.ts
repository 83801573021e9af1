/**
 * `/info compare [--refresh [--confirm CODE]]`: the bot's numbers, computed now, beside Rocket.Chat's last stored
 * statistics snapshot, every differing field with its likely cause. `--refresh` first asks Rocket.Chat for a new
 * snapshot, exactly the Info page's Refresh (GET /api/v1/statistics?refresh=true), which writes and resets things in
 * Rocket.Chat: the admin is told what, and it happens only after `--confirm` with the code given.
 */
import { formatDateTime } from '../src/cards/format.js';
import { renderComparison } from '../src/compare/render.js';
import { type ConfirmRefusal, REFRESH_CODE_TTL_MS, refreshConsequences } from '../src/compare/refresh.js';
import { defineCommand } from '../src/dispatch/command.js';
import { text } from '../src/dispatch/reply.js';
import type { BotServices } from '../src/dispatch/services.js';
import { readRestSnapshot } from '../src/stats/rest/snapshot.js';
import type { StatisticsSnapshot } from '../src/stats/snapshot.js';

/** Rocket.Chat's default Message_MaxAllowedSize is 5 000 characters: the answer stays under it. */
const MAX_CHARS = 4_800;

const REFUSALS: Record<ConfirmRefusal, string> = {
  unknown: 'No refresh is waiting under that code for you: ask again with `/info compare --refresh`.',
  expired: 'That code has expired (codes last 10 minutes): ask again with `/info compare --refresh`. Nothing was refreshed.',
  used: 'That code was already used: each refresh is confirmed once. Ask again with `/info compare --refresh`.',
};

export default defineCommand<BotServices>({
  name: 'info compare',
  summary: 'The bot’s numbers beside Rocket.Chat’s last stored snapshot, each difference with its likely cause; --refresh asks Rocket.Chat for a new snapshot first, after you confirm',
  usage: 'info compare [--refresh [--confirm CODE]]',
  permission: 'view-statistics',
  where: 'any',
  flags: { boolean: ['refresh'], string: ['confirm'] },
  async run(ctx, args) {
    const { compare, chat, config } = ctx.services;
    const timeZone = config.daily.timeZone;
    await compare.ensureDatabase();
    let fresh: StatisticsSnapshot | undefined;
    if (args.refresh === true || typeof args.confirm === 'string') {
      // The Info page's Refresh needs view-statistics on the account that asks (getLastStatistics.ts): here the bot's.
      if (!(await chat.ownPermissions()).has('view-statistics')) {
        return text('The bot account lacks `view-statistics`, so Rocket.Chat would refuse it a refresh (GET /api/v1/statistics). `/info compare` without `--refresh` compares with the last stored snapshot.');
      }
      if (typeof args.confirm !== 'string') {
        const version = (await ctx.services.stats.get(['deployment'])).semantics.version;
        const created = await compare.createRefreshCode(ctx.sender.id);
        if (!created) {
          return text('The bot’s own database is read-only, so it cannot keep a confirmation code: a refresh is not offered. `/info compare` without `--refresh` still works.');
        }
        const { code, expiresAt } = created;
        const lines = refreshConsequences(version.major).map((line) => `• ${line}`);
        return text(
          [
            'A refresh is the Info page’s Refresh button: Rocket.Chat recomputes its statistics (GET /api/v1/statistics?refresh=true → statistics.save()). On Rocket.Chat it:',
            ...lines,
            `Nothing has been done yet. To go ahead, send \`/info compare --refresh --confirm ${code}\` before ${formatDateTime(expiresAt, timeZone)} (${REFRESH_CODE_TTL_MS / 60_000} minutes; only you can).`,
          ].join('\n'),
        );
      }
      const taken = await compare.consumeRefreshCode(args.confirm, ctx.sender.id);
      if (taken !== true) return text(REFUSALS[taken]);
      fresh = await readRestSnapshot(chat, { refresh: true });
    }
    const comparison = await compare.compare(fresh);
    if (comparison.kind === 'no-snapshot') {
      return text('Rocket.Chat has stored no statistics snapshot in this database yet (rocketchat_statistics is empty), so there is nothing to compare with. `/info compare --refresh` asks it for one.');
    }
    return text(renderComparison(comparison, { timeZone, maxChars: MAX_CHARS }));
  },
});
