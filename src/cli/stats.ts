/**
 * `infobot stats [--card deployment|license|usage|federation] [--json|--provenance] [--rc-version X.Y.Z]`: the Info page
 * in a terminal, statistics.json (Rocket.Chat's keys for the version) with --json, or where each of its values came
 * from with --provenance. `--compare [--refresh --yes]`: the bot's numbers beside Rocket.Chat's stored snapshot (or a
 * fresh one it saves on request). Reads MONGO_URL, and /api/info when ROCKETCHAT_URL is set.
 */
import yargsParser from 'yargs-parser';
import { defaultTimeZone } from '../cards/format.js';
import { failureLines, renderInfoCards } from '../cards/info-cards.js';
import type { InfoCardId } from '../cards/model.js';
import { renderCardsText } from '../cards/terminal.js';
import { RestError } from '../chat/rest.js';
import { fetchRefreshedSnapshot } from '../compare/cli-refresh.js';
import { refreshConsequences } from '../compare/refresh.js';
import { renderComparison } from '../compare/render.js';
import { compareNow } from '../compare/service.js';
import { MongoUrlError } from '../db/mongo-url.js';
import { DatabaseUnreachableError, openRocketChatDb } from '../db/open.js';
import { LicenseKeyConfigError, resolveLicensePublicKey } from '../license/public-key.js';
import { StatsUnavailableError } from '../stats/compute.js';
import { createStatsService } from '../stats/create-service.js';
import { fetchServerInfo, openRestSession, type RestSession, type ServerInfo, ServerInfoError, type ServerInfoOptions } from '../stats/server-info.js';
import { INFO_SECTIONS } from '../stats/result.js';
import { MissingPermissionError } from '../stats/rest/snapshot.js';
import type { StatisticsSnapshot } from '../stats/snapshot.js';
import { statisticsFile, toJsonText } from '../stats/statistics-file.js';
import { parseRcVersion } from '../stats/version.js';
import { type CliIo, complain, rejectUnknownFlags, UsageError } from './io.js';

/** How `infobot stats` is invoked. */
export const STATS_USAGE =
  'infobot stats [--card deployment|license|usage|federation] [--json|--provenance] [--rc-version X.Y.Z] | infobot stats --compare [--refresh --yes] [--rc-version X.Y.Z]';

/** The CLI waits this long for MongoDB, so a wrong MONGO_URL fails fast. */
const CLI_SERVER_SELECTION_MS = 3_000;

function serverInfoOptions(env: NodeJS.ProcessEnv): ServerInfoOptions | undefined {
  const url = env.ROCKETCHAT_URL?.trim();
  if (!url) return undefined;
  return {
    url,
    user: env.ROCKETCHAT_USER,
    password: env.ROCKETCHAT_PASSWORD,
    userId: env.ROCKETCHAT_USER_ID,
    authToken: env.ROCKETCHAT_AUTH_TOKEN,
  };
}

interface StatsOptions {
  card?: InfoCardId;
  json: boolean;
  provenance: boolean;
  rcVersion?: string;
  compare: boolean;
  refresh: boolean;
  yes: boolean;
}

function parse(args: string[]): StatsOptions {
  const parsed = yargsParser(args, {
    string: ['card', 'rc-version'],
    boolean: ['json', 'provenance', 'compare', 'refresh', 'yes'],
    configuration: { 'camel-case-expansion': false },
  });
  rejectUnknownFlags(parsed, ['card', 'json', 'provenance', 'rc-version', 'compare', 'refresh', 'yes']);
  const compare = Boolean(parsed.compare);
  if ((parsed.refresh || parsed.yes) && !compare) throw new UsageError('--refresh and --yes go with --compare');
  if (compare && (parsed.card !== undefined || parsed.json || parsed.provenance)) throw new UsageError('--compare takes no --card, --json or --provenance');
  if (parsed._.length) throw new UsageError(`unexpected argument "${parsed._[0]}"`);
  const card = parsed.card as string | undefined;
  if (card !== undefined && !INFO_SECTIONS.includes(card as InfoCardId)) {
    throw new UsageError(`--card must be one of ${INFO_SECTIONS.join(', ')}, not "${card}"`);
  }
  const rcVersion = parsed['rc-version'] as string | undefined;
  if (rcVersion !== undefined && !parseRcVersion(rcVersion)) throw new UsageError(`--rc-version must look like 7.10.2, not "${rcVersion}"`);
  return {
    card: card as InfoCardId | undefined,
    json: Boolean(parsed.json),
    provenance: Boolean(parsed.provenance),
    rcVersion,
    compare,
    refresh: Boolean(parsed.refresh),
    yes: Boolean(parsed.yes),
  };
}

/** Runs `infobot stats`; resolves to the exit code (0 done, 1 database or server unreachable, 2 bad usage or configuration). */
export async function runStats(args: string[], io: CliIo): Promise<number> {
  const options = parse(args);
  let licensePublicKey: string;
  try {
    licensePublicKey = resolveLicensePublicKey(io.env);
  } catch (error) {
    if (error instanceof LicenseKeyConfigError) {
      complain(io, error.message);
      return 2;
    }
    throw error;
  }
  const infoOptions = serverInfoOptions(io.env);
  if (options.refresh) {
    if (!infoOptions) {
      complain(io, '--refresh asks Rocket.Chat over REST: set ROCKETCHAT_URL and the account (ROCKETCHAT_USER and ROCKETCHAT_PASSWORD, or ROCKETCHAT_USER_ID and ROCKETCHAT_AUTH_TOKEN).');
      return 2;
    }
    if (!options.yes) {
      // Rocket.Chat's refresh writes and resets: say what before doing it (refresh.ts).
      complain(io, 'A refresh is the Info page’s Refresh (GET /api/v1/statistics?refresh=true). On Rocket.Chat it:');
      for (const line of refreshConsequences(Number.POSITIVE_INFINITY)) complain(io, `  - ${line}`);
      complain(io, 'Nothing was done. Run again with --yes to go ahead.');
      return 2;
    }
  }
  let fresh: StatisticsSnapshot | undefined;
  let serverInfo: ServerInfo | undefined;
  if (infoOptions) {
    // One login for the refresh and /api/info (issue 13: no second Rocket.Chat login per computation).
    let session: RestSession | undefined;
    try {
      session = await openRestSession(infoOptions);
      if (options.refresh) fresh = await fetchRefreshedSnapshot(session.options);
      serverInfo = await fetchServerInfo(session.options);
    } catch (error) {
      if (!(error instanceof ServerInfoError || error instanceof RestError || error instanceof MissingPermissionError)) throw error;
      complain(io, error.message);
      return /not a URL/.test(error.message) ? 2 : 1;
    } finally {
      await session?.close();
    }
  }
  let rc: Awaited<ReturnType<typeof openRocketChatDb>>;
  try {
    rc = await openRocketChatDb(io.env.MONGO_URL, { serverSelectionTimeoutMS: CLI_SERVER_SELECTION_MS, appName: 'infobot-cli' });
  } catch (error) {
    if (error instanceof MongoUrlError) {
      complain(io, error.message);
      return 2;
    }
    if (error instanceof DatabaseUnreachableError) {
      complain(io, error.message);
      return 1;
    }
    throw error;
  }
  try {
    const service = createStatsService({
      db: rc.db,
      serverInfo: serverInfo ? async () => serverInfo : undefined,
      rcVersion: options.rcVersion,
      licensePublicKey,
    });
    const timeZone = io.env.INFOBOT_TIMEZONE || io.env.TZ || defaultTimeZone();
    const now = new Date();
    if (options.compare) {
      const comparison = await compareNow({ db: rc.db, stats: service, now: () => new Date() }, fresh);
      if (comparison.kind === 'no-snapshot') {
        complain(io, 'Rocket.Chat has stored no statistics snapshot in this database (rocketchat_statistics is empty): nothing to compare with; --refresh --yes asks it for one.');
        return 1;
      }
      io.stdout.write(`${renderComparison(comparison, { timeZone })}\n`);
      return 0;
    }
    if ((options.json || options.provenance) && !options.card) {
      // The whole statistics.json (Rocket.Chat's keys) or its provenance: the CLI outputs that need every figure.
      const stats = await service.get(['document']);
      for (const warning of [...stats.warnings, ...failureLines(stats, timeZone)]) complain(io, warning);
      const file = statisticsFile(stats.document);
      io.stdout.write(toJsonText(options.provenance ? file.provenance : file.statistics));
      return 0;
    }
    const ids = options.card ? [options.card] : INFO_SECTIONS;
    const stats = await service.get(ids);
    for (const warning of [...stats.warnings, ...failureLines(stats, timeZone)]) complain(io, warning);
    const cards = renderInfoCards(stats, ids, { timeZone, now });
    if (options.json) io.stdout.write(`${JSON.stringify(cards[0], null, 2)}\n`);
    else io.stdout.write(renderCardsText(cards, { color: io.stdout.isTTY === true, timeZone }));
    return 0;
  } catch (error) {
    if (error instanceof StatsUnavailableError) {
      complain(io, error.message);
      return 1;
    }
    throw error;
  } finally {
    await rc.close();
  }
}
