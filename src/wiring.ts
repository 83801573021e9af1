/**
 * The wiring both modes share (issue 18): given where a mode reads Rocket.Chat's facts (its database, or its REST API
 * with the bot's session) and where the bot keeps its own data (its MongoDB database, or the data file), this builds
 * every feature, the services commands receive, the dispatcher and the schedules. main.ts and rest-only.ts build only
 * their sources, so a feature is wired once and behaves alike in both modes; what Rocket.Chat's source cannot give is
 * a stand-in that answers one line naming the database it needs. The bot's own data is the same ports over either
 * store (store/bot-data.ts), so every feature runs over the data file too.
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
import { buildRegistry } from './dispatch/registry.js';
import type { PermissionLookup } from './dispatch/sender-permissions.js';
import type { BotServices } from './dispatch/services.js';
import { createFederationSetup } from './federation/service.js';
import { withRocketChatPast } from './history/backfilled.js';
import type { RcStatistics } from './history/rc-statistics.js';
import type { History } from './history/snapshots.js';
import type { Lifecycle } from './lifecycle.js';
import type { CountersSource } from './license/counters.js';
import { createLicenseFlow, type LicenseFlow } from './license/flow/service.js';
import { licenseFlowWithoutStore } from './license/flow/without-store.js';
import type { BotDeps } from './main.js';
import type { Ops } from './ops/start-ops.js';
import type { SettingsReader } from './rc/settings.js';
import { startDailySummary } from './schedule/daily.js';
import { cronTicker } from './schedule/ticker.js';
import { createSettingChanges } from './setting-change/service.js';
import type { SlashService } from './slash/service.js';
import type { StatsService } from './stats/service.js';
import type { Claims } from './store/claims.js';
import { type BotData, databaseData } from './store/bot-data.js';
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
  /** REST-only mode without INFOBOT_MONGO_URL: the data file under INFOBOT_DATA_DIR (one replica). */
  | { kind: 'file'; data: BotData };

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


/** Wires every feature over the mode's sources; registers each part's stop on the lifecycle. */
export function wireBot(input: WiringInput): Wired {
  const { config, deps, lifecycle, link, chat, rc, own } = input;
  const { log } = deps;
  const stats = deps.wrapStats?.(rc.stats) ?? rc.stats;
  const self = () => link.identity();
  const data = own.kind === 'database' ? databaseData(own.store) : own.data;
  // A read-only database (said at start, main.ts) keeps nothing: the features that write are off.
  const writable = own.kind === 'file' || own.access.kind !== 'read-only';
  // Message claims: any writable store dedupes across replicas (the file: across restarts of the one replica).
  const messageClaims = writable ? data.claims : undefined;

  const flow = createLicenseFlow({
    settings: rc.settings,
    counters: rc.counters,
    requests: data.licenseRequests,
    audit: data.licenseAudit,
    claims: data.claims,
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
  const license: LicenseFlow = writable ? flow : licenseFlowWithoutStore(flow);
  const history: History = withRocketChatPast(data.history, rc.rcStatistics);
  const settingChanges = createSettingChanges({
    settings: rc.settings,
    requests: data.changeRequests,
    audit: data.settingAudit,
    claims: data.claims,
    chat,
    log,
    now: deps.now,
    timeZone: config.daily.timeZone,
  });
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
    data,
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
    // A read-only database was said at start (main.ts).
    if (!writable) return;
    const ticker = deps.dailyTicker ?? cronTicker(log);
    if (config.daily.enabled) {
      const daily = startDailySummary({
        settings: config.daily,
        stats,
        ...(rc.db ? { rcDb: rc.db } : {}),
        history,
        posts: data.dailyPosts,
        chat,
        log,
        now: deps.now,
        ticker,
      });
      lifecycle.onStop('daily summary', () => daily.stop(deps.shutdownDeadlineMs));
    }
    if (config.alerts.enabled) {
      const alerts = startAlerts({ config, stats, ...(rc.db ? { rcDb: rc.db } : {}), state: data.alertState, claims: data.claims, history, chat, log, now: deps.now, ticker });
      lifecycle.onStop('alert checks', async () => alerts.stop());
    }
  }

  return {
    services,
    dispatcher,
    async start(requirements, beforeListening) {
      const identity = await link.start();
      // The commands' own bot permissions (edit-privileged-setting) serve the confirmed setting changes, which every
      // mode keeps in the bot's own data.
      const commandNeeds = deps.commands.flatMap((c) => (c.botPermissions ?? []).map((permission) => ({ permission, neededBy: c.name })));
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
