/**
 * The wiring both modes share (issue 18): given where a mode reads Rocket.Chat's facts (its database, or its REST API
 * with the bot's session) and where the bot keeps its own data (its MongoDB database, or the data file), this builds
 * every feature, the services commands receive, the dispatcher and the schedules. main.ts and rest-only.ts build only
 * their sources, so a feature is wired once and behaves alike in both modes; what a source cannot give is a stand-in
 * that answers one line naming the database it needs.
 */
import type { Db } from 'mongodb';
import { startAlerts } from './alerts/alerts.js';
import type { ChatApi } from './chat/chat-api.js';
import type { BotIdentity, ChatLink } from './chat/link.js';
import { createMessageLimit } from './chat/message-limit.js';
import { type BotRequirement, selfCheck } from './chat/self-check.js';
import type { CompareService } from './compare/bot-service.js';
import type { Config } from './config.js';
import { createDispatcher, type Dispatcher } from './dispatch/dispatcher.js';
import { UserError } from './dispatch/errors.js';
import { buildRegistry } from './dispatch/registry.js';
import type { PermissionLookup } from './dispatch/sender-permissions.js';
import type { BotServices } from './dispatch/services.js';
import { unavailable } from './dispatch/unavailable.js';
import { createFederationSetup } from './federation/service.js';
import { withRocketChatPast } from './history/backfilled.js';
import type { RcStatistics } from './history/rc-statistics.js';
import { type History, openHistory } from './history/snapshots.js';
import type { Lifecycle } from './lifecycle.js';
import type { CountersSource } from './license/counters.js';
import type { LicenseAudit } from './license/flow/audit.js';
import { createLicenseFlow, type LicenseFlow } from './license/flow/service.js';
import { licenseFlowWithoutStore } from './license/flow/without-store.js';
import type { BotDeps } from './main.js';
import type { Ops } from './ops/start-ops.js';
import type { SettingsReader } from './rc/settings.js';
import { startDailySummary } from './schedule/daily.js';
import { cronTicker } from './schedule/ticker.js';
import { createSettingChanges, type SettingChanges } from './setting-change/service.js';
import type { SlashService } from './slash/service.js';
import type { StatsService } from './stats/service.js';
import type { Claims } from './store/claims.js';
import type { Store } from './store/store.js';
import type { StoreAccess } from './store/write-probe.js';

/** Where a mode reads Rocket.Chat's facts. */
export interface RcSources {
  stats: StatsService;
  /** Whether a sender holds a permission. */
  permissions: PermissionLookup;
  settings: SettingsReader;
  /** The license limit counters a license is judged on. */
  counters: CountersSource;
  /** Rocket.Chat's stored statistics snapshots, as history before the bot's own days. */
  rcStatistics: RcStatistics;
  /** Rocket.Chat's database, for what only it gives (the counts of the last 24 hours); absent in REST-only mode. */
  db?: Db;
}

/** Where the bot keeps its own data. */
export type OwnData =
  /** Its MongoDB database (INFOBOT_MONGO_URL, or beside MONGO_URL's), writable or not. */
  | { kind: 'database'; store: Store; access: StoreAccess }
  /** REST-only mode without INFOBOT_MONGO_URL: the data file, message claims and the leak guard's audit only. */
  | { kind: 'file'; claims: Claims; owner: string; licenseAudit: LicenseAudit };

/** What the wiring is given. */
export interface WiringInput {
  config: Config;
  deps: BotDeps;
  lifecycle: Lifecycle;
  link: ChatLink;
  chat: ChatApi;
  ops: Pick<Ops, 'readiness'>;
  rc: RcSources;
  own: OwnData;
  /** Message_AllowUnrecognizedSlashCommand's watch (database mode) or its stand-in. */
  slash: SlashService;
  /** /info compare (it compares with Rocket.Chat's database) or its stand-in. */
  compare: CompareService;
  /** Called after a confirmed setting change was applied and read back. */
  onSettingApplied?(settingId: string): void;
}

/** The wired bot, before it connects. */
export interface Wired {
  services: BotServices;
  dispatcher: Dispatcher;
  /**
   * Connects, runs the self-check against `requirements` (plus the commands' own bot permissions when their
   * features can run), then `beforeListening`, then starts the daily summary and the alerts.
   */
  start(requirements: readonly BotRequirement[], beforeListening?: () => Promise<void>): Promise<BotIdentity>;
}

/** Why the bot's own data file cannot keep a feature: one line naming INFOBOT_MONGO_URL. */
const fileOnly = (what: string) => new UserError('needs-bot-database', { what });

/** The bot's own database when it can be written, for the features that keep state there. */
function writableStore(own: OwnData): Store | undefined {
  return own.kind === 'database' && own.access.kind !== 'read-only' ? own.store : undefined;
}

/** Wires every feature over the mode's sources; registers each part's stop on the lifecycle. */
export function wireBot(input: WiringInput): Wired {
  const { config, deps, lifecycle, link, chat, rc, own } = input;
  const { log } = deps;
  const stats = deps.wrapStats?.(rc.stats) ?? rc.stats;
  const self = () => link.identity();
  const database = own.kind === 'database' ? own.store : undefined;
  const writable = writableStore(own);
  // Message claims: any writable store dedupes across replicas (the file: across restarts of the one replica).
  const messageClaims = own.kind === 'file' ? own.claims : writable?.claims;
  const featureClaims = own.kind === 'file' ? own.claims : own.store.claims;

  const flow = createLicenseFlow({
    settings: rc.settings,
    counters: rc.counters,
    storeDb: database?.db,
    ...(own.kind === 'file' ? { audit: own.licenseAudit } : {}),
    claims: featureClaims,
    chat,
    stats,
    publicKeyPem: config.licensePublicKeyPem,
    rooms: config.rooms,
    log,
    self,
    now: deps.now,
    timeZone: config.daily.timeZone,
    ...deps.licenseFlow,
  });
  const license: LicenseFlow = own.kind === 'file' ? licenseFlowWithoutStore(flow, fileOnly('Checking and applying licenses')) : writable ? flow : licenseFlowWithoutStore(flow);
  const history: History = database ? withRocketChatPast(openHistory(database.db), rc.rcStatistics) : unavailable('The history', 'needs-bot-database');
  const settingChanges: SettingChanges = database
    ? createSettingChanges({ settings: rc.settings, storeDb: database.db, claims: featureClaims, chat, log, now: deps.now, timeZone: config.daily.timeZone })
    : { ...unavailable<SettingChanges>('Changing settings', 'needs-bot-database'), onApplied: () => undefined, addFollowUp: () => undefined };
  if (input.onSettingApplied) settingChanges.onApplied(input.onSettingApplied);
  const federation = createFederationSetup({
    settings: rc.settings,
    settingChanges,
    version: async () => (await stats.get(['federation'])).semantics.version,
    ...(deps.dnsServers ? { dnsServers: deps.dnsServers } : {}),
  });
  const services: BotServices = {
    stats,
    chat,
    store: database ?? unavailable<Store>('This command', 'needs-bot-database'),
    config,
    commands: deps.commands,
    permissions: rc.permissions,
    license,
    history,
    slash: input.slash,
    settingChanges,
    federation,
    compare: input.compare,
  };
  const dispatcher = dispatcherFor({ input, services, claims: messageClaims, intercept: license.leakGuard });

  function startSchedules(): void {
    if (!writable) {
      // A read-only store was said at start (main.ts); the data file is said here.
      if (own.kind === 'file' && (config.daily.enabled || config.alerts.enabled)) {
        log.warn('REST-only mode without INFOBOT_MONGO_URL: the daily summary and the alerts keep their state in the bot’s own database, so they are off; set INFOBOT_MONGO_URL to run them');
      }
      return;
    }
    const ticker = deps.dailyTicker ?? cronTicker(log);
    if (config.daily.enabled) {
      const daily = startDailySummary({
        settings: config.daily,
        stats,
        ...(rc.db ? { rcDb: rc.db } : {}),
        history,
        storeDb: writable.db,
        claims: writable.claims,
        owner: writable.owner,
        chat,
        log,
        now: deps.now,
        ticker,
      });
      lifecycle.onStop('daily summary', () => daily.stop(deps.shutdownDeadlineMs));
    }
    if (config.alerts.enabled) {
      const alerts = startAlerts({ config, stats, ...(rc.db ? { rcDb: rc.db } : {}), storeDb: writable.db, claims: writable.claims, history, chat, log, now: deps.now, ticker });
      lifecycle.onStop('alert checks', async () => alerts.stop());
    }
  }

  return {
    services,
    dispatcher,
    async start(requirements, beforeListening) {
      const identity = await link.start();
      // The commands' own bot permissions (edit-privileged-setting) serve features that keep state in the bot's own
      // database: without one, asking for them would grant the bot more than it can use.
      const commandNeeds = database ? deps.commands.flatMap((c) => (c.botPermissions ?? []).map((permission) => ({ permission, neededBy: c.name }))) : [];
      await selfCheck(chat, [...requirements, ...commandNeeds], config.rooms, log);
      await beforeListening?.();
      startSchedules();
      log.info({ user: identity.username, rooms: config.rooms, commands: deps.commands.length, source: rc.db ? 'database' : 'rest' }, 'infobot is listening');
      await input.ops.readiness.refresh();
      return identity;
    },
  };
}

/**
 * The one dispatcher of a bot: the commands over the services, the leak guard looking at every message first, and
 * its close on the lifecycle before the link's (commands in flight finish, up to the deadline).
 */
export function dispatcherFor(options: { input: WiringInput; services: BotServices; claims: Claims | undefined; intercept: LicenseFlow['leakGuard'] }): Dispatcher {
  const { input, services } = options;
  const { config, deps, lifecycle, link } = input;
  const guard = options.intercept;
  const dispatcher = createDispatcher({
    registry: buildRegistry(deps.commands),
    chat: input.chat,
    permissions: input.rc.permissions,
    ...(options.claims ? { claims: options.claims } : {}),
    services,
    rooms: config.rooms,
    self: () => link.identity(),
    log: deps.log,
    now: deps.now,
    slowNoticeMs: deps.slowNoticeMs,
    ...(deps.brakes ? { brakes: deps.brakes } : {}),
    messageLimit: createMessageLimit(input.chat, deps.log, { ttlMs: deps.messageLimitTtlMs }),
    // A license posted outside a DM is taken by the guard before any command could echo or answer in the room.
    intercept: (message) => (guard.intercept(message) ? guard.idle() : undefined),
  });
  lifecycle.onStop('commands in flight', async () => {
    const unfinished = await dispatcher.close(deps.shutdownDeadlineMs);
    if (unfinished > 0) deps.log.warn({ unfinished }, 'shutdown deadline passed with commands still running');
  });
  lifecycle.onStop('license leak guard', () => guard.idle());
  link.onMessage((message) => dispatcher.handle(message));
  return dispatcher;
}
