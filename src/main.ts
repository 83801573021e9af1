/**
 * The composition root in database mode: config → log → Rocket.Chat's database → the bot's store → statistics →
 * chat link, then the features, the dispatcher and the schedules as wiring.ts builds them for both modes (REST-only
 * mode: rest-only.ts), started in that order and stopped in reverse. The only place that creates clients; everything
 * else receives them.
 */
import type { Logger } from 'pino';
import { commands as allCommands } from '../commands/index.js';
import { type ChatApi, createChatApi } from './chat/chat-api.js';
import { type BotIdentity, type ChatLink, createChatLink, type LinkTiming } from './chat/link.js';
import { MESSAGE_LIMIT_TTL_MS } from './chat/message-limit.js';
import type { BotRequirement } from './chat/self-check.js';
import { type Config, deriveStoreUrl } from './config.js';
import { openRocketChatDb, type RocketChatDb } from './db/open.js';
import type { Brakes } from './dispatch/brakes.js';
import type { Dispatcher } from './dispatch/dispatcher.js';
import { createPermissionLookup } from './dispatch/sender-permissions.js';
import type { BotCommand } from './dispatch/services.js';
import { createLifecycle } from './lifecycle.js';
import { createLogger, redactUrl } from './log.js';
import { type Ops, type OpsTiming, startOps } from './ops/start-ops.js';
import { WORKSPACE_GAUGE_PARTS } from './ops/workspace-figures.js';
import type { Ticker } from './schedule/ticker.js';
import { slashService } from './slash/service.js';
import { createSlashWatch, type SlashWatch } from './slash/watch.js';
import { createCompareService } from './compare/bot-service.js';
import { createStatsService } from './stats/create-service.js';
import type { ServerInfo } from './stats/server-info.js';
import type { StatsService } from './stats/service.js';
import { startRestOnlyBot } from './rest-only.js';
import { wireBot } from './wiring.js';
import { databaseSettings } from './rc/settings.js';
import { databaseCounters } from './license/counters.js';
import type { LicenseFlowDeps } from './license/flow/service.js';
import { openRcStatistics } from './history/rc-statistics.js';
import { openStore } from './store/store.js';
import { probeStoreWrite } from './store/write-probe.js';

/** What startBot can be given instead of its defaults (tests, the sandbox, the benchmark). */
export interface BotDeps {
  log: Logger;
  commands: readonly BotCommand[];
  /** Builds the statistics engine over Rocket.Chat's database (default: the real engine); /api/info is read through `chat`. */
  createStats(db: RocketChatDb, config: Config, log: Logger, chat: ChatApi): StatsService;
  now(): Date;
  /** How long an answer may take before a "computing…" placeholder is posted. */
  slowNoticeMs: number;
  /** Per-user and per-room rate limits (default: brakes.ts's). */
  brakes?: Brakes;
  /** How long shutdown waits for commands in flight. */
  shutdownDeadlineMs: number;
  linkTiming: Partial<LinkTiming>;
  /** How long a sender's roles and a permission's roles are cached. */
  permissionTtlMs: number;
  /** How long Message_MaxAllowedSize, once read, is used before it is read again (message-limit.ts). */
  messageLimitTtlMs: number;
  /** How long to keep trying Rocket.Chat's database at start before giving up. */
  databaseWaitMs: number;
  /** The one scheduler: what makes the daily summary and the alert checks look at the clock (default: node-cron, once a minute). */
  dailyTicker?: Ticker;
  /** Readiness timings (default: checks every 5 s, 2 s per database ping). */
  opsTiming?: Partial<OpsTiming>;
  /** How often Message_AllowUnrecognizedSlashCommand is read again (0: only at start and after the bot changes it). */
  slashPollMs: number;
  /** Wraps the statistics service the features use, in either mode (tests: a replica that hangs computing). */
  wrapStats?(stats: StatsService): StatsService;
  /** DNS servers (ip or ip:port) for the federation look-ups instead of the system's; tests name a local double. */
  dnsServers?: readonly string[];
  /** The license flow's wait for Rocket.Chat's verdict after applying, its pace, and its wrong-code limit (default: service.ts's). */
  licenseFlow?: Pick<LicenseFlowDeps, 'applyWaitMs' | 'applyPollMs' | 'guessLimits'>;
}

/** A running bot. */
export interface RunningBot {
  identity: BotIdentity;
  link: ChatLink;
  chat: ChatApi;
  dispatcher: Dispatcher;
  /** /livez, /readyz and /metrics (port null when INFOBOT_HTTP_PORT=off). */
  ops: Pick<Ops, 'port' | 'readiness'>;
  /** The watch on Message_AllowUnrecognizedSlashCommand (its first check is done when startBot resolves). */
  slash: SlashWatch;
  /** Stops taking commands, finishes those in flight (up to the deadline), closes the socket and the databases. */
  stop(): Promise<void>;
}

/** Permissions the bot account needs whatever its commands: reading the DMs people send it. */
const CORE_REQUIREMENTS: BotRequirement[] = [{ permission: 'view-d-room', neededBy: 'direct messages' }];

/** Runtime lookups fail within this, so a stopped database gets an error card well inside 5 s. */
const DB_SERVER_SELECTION_MS = 2_500;

const DEFAULTS: Omit<BotDeps, 'log'> = {
  commands: allCommands,
  createStats: (db, cfg, log, chat) =>
    createStatsService({
      db: db.db,
      serverInfo: () => chat.serverInfo<ServerInfo>(),
      log,
      licensePublicKey: cfg.licensePublicKeyPem,
      concurrency: cfg.statsConcurrency,
    }),
  now: () => new Date(),
  slowNoticeMs: 1_000,
  shutdownDeadlineMs: 8_000,
  linkTiming: {},
  permissionTtlMs: 30_000,
  messageLimitTtlMs: MESSAGE_LIMIT_TTL_MS,
  databaseWaitMs: 30_000,
  slashPollMs: 30_000,
};

async function openDatabaseWithRetry(mongoUrl: string, waitMs: number, log: Logger): Promise<RocketChatDb> {
  const giveUpAt = Date.now() + waitMs;
  for (;;) {
    try {
      return await openRocketChatDb(mongoUrl, { serverSelectionTimeoutMS: DB_SERVER_SELECTION_MS, appName: 'infobot' });
    } catch (error) {
      if (Date.now() >= giveUpAt) throw error;
      log.warn({ err: error, mongo: redactUrl(mongoUrl) }, 'Rocket.Chat’s database is not reachable yet; retrying');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/** Starts the bot; resolves once it is connected and listening. */
export async function startBot(config: Config, overrides: Partial<BotDeps> = {}): Promise<RunningBot> {
  const log = overrides.log ?? createLogger(config.logLevel);
  const deps: BotDeps = { ...DEFAULTS, ...overrides, log };
  // No database access (issue 18): figures, permissions and the bot's data come from elsewhere; see rest-only.ts.
  if (config.source === 'rest' || !config.mongoUrl) return startRestOnlyBot(config, deps);
  const { mongoUrl } = config;
  const storeUrl = config.storeUrl ?? deriveStoreUrl(mongoUrl);
  const lifecycle = createLifecycle(log);

  try {
    const rcDb = await openDatabaseWithRetry(mongoUrl, deps.databaseWaitMs, log);
    lifecycle.onStop('Rocket.Chat database', () => rcDb.close());
    const store = openStore(storeUrl);
    lifecycle.onStop('bot store', () => store.close());
    const storeAccess = await probeStoreWrite(store.db, store.owner);
    if (storeAccess.kind === 'read-only') {
      log.warn(
        { store: redactUrl(storeUrl), reason: storeAccess.reason },
        'the bot’s own database is not writable: answering without cross-replica dedupe, daily summary and license flow; grant the bot’s user readWrite on it (README, Deploy)',
      );
    }
    const storeClaims = storeAccess.kind === 'read-only' ? undefined : store.claims;
    const permissions = createPermissionLookup(rcDb.db, { ttlMs: deps.permissionTtlMs, now: () => deps.now().getTime() });

    const link = createChatLink({ ...config.rocketchat, log, timing: deps.linkTiming });
    lifecycle.onStop('Rocket.Chat link', () => link.stop());
    const chat = createChatApi(link);
    const stats = deps.createStats(rcDb, config, log, chat);
    const ops = await startOps({
      port: config.httpPort,
      link,
      rocketChatDb: rcDb.db,
      storeDb: store.db,
      storeAccess,
      ownData: 'database',
      dailyEnabled: config.daily.enabled,
      refreshWorkspace: () => stats.get(WORKSPACE_GAUGE_PARTS),
      log,
      ...(deps.opsTiming ? { timing: deps.opsTiming } : {}),
    });
    lifecycle.onStop('operations endpoint', () => ops.close());
    const slash = createSlashWatch({ rocketChatDb: rcDb.db, claims: storeClaims, chat, rooms: config.rooms, log, pollMs: deps.slashPollMs });
    lifecycle.onStop('slash-command setting watch', async () => slash.stop());
    const wired = wireBot({
      config,
      deps,
      lifecycle,
      link,
      chat,
      ops,
      rc: {
        stats,
        permissions,
        settings: databaseSettings(rcDb.db),
        counters: databaseCounters(rcDb.db),
        rcStatistics: openRcStatistics(rcDb.db, config.daily.timeZone),
        db: rcDb.db,
      },
      own: { kind: 'database', store, access: storeAccess },
      slash: slashService(slash),
      compare: createCompareService({ rocketChatDb: rcDb.db, storeDb: storeClaims ? store.db : undefined, stats, now: deps.now }),
      onSettingApplied: () => void slash.check(),
    });
    // Before "listening": the notice (when /info is held back by Rocket.Chat's clients) comes first in the rooms.
    const identity = await wired.start(CORE_REQUIREMENTS, () => slash.check().then(() => undefined));
    return { identity, link, chat, dispatcher: wired.dispatcher, ops, slash, stop: () => lifecycle.stop() };
  } catch (error) {
    await lifecycle.stop();
    throw error;
  }
}
