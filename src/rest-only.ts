/**
 * The composition root in REST-only mode (issue 18: no MONGO_URL, or INFOBOT_SOURCE=rest): figures and sender
 * permissions come from Rocket.Chat's REST API with the bot's session; the bot's own data goes to INFOBOT_MONGO_URL
 * when given, else to the embedded file store under INFOBOT_DATA_DIR (one replica). Features that still read
 * Rocket.Chat's database answer with one line saying so. Started and stopped in the same order as main.ts's.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { createChatApi } from './chat/chat-api.js';
import { createChatLink } from './chat/link.js';
import { createMessageLimit } from './chat/message-limit.js';
import { type BotRequirement, selfCheck } from './chat/self-check.js';
import type { Config } from './config.js';
import { createDispatcher } from './dispatch/dispatcher.js';
import { UserError } from './dispatch/errors.js';
import { buildRegistry } from './dispatch/registry.js';
import { createRestPermissionLookup, SENDER_ROLES_WHAT } from './dispatch/rest-permissions.js';
import type { BotServices } from './dispatch/services.js';
import { createLifecycle } from './lifecycle.js';
import { withRocketChatPast } from './history/backfilled.js';
import { openRestRcStatistics } from './history/rest-statistics.js';
import { openHistory } from './history/snapshots.js';
import { type LicenseAudit, openLicenseAudit } from './license/flow/audit.js';
import { createLeakGuard } from './license/flow/leak-guard.js';
import { licenseBlockBytes } from './license/public-key.js';
import { redactUrl } from './log.js';
import type { BotDeps, RunningBot } from './main.js';
import { startOps } from './ops/start-ops.js';
import { WORKSPACE_GAUGE_PARTS } from './ops/workspace-figures.js';
import { ENDPOINT_PERMISSIONS } from './stats/rest/endpoints.js';
import { createRestStatsService } from './stats/rest/service.js';
import type { ServerInfo } from './stats/server-info.js';
import type { Claims } from './store/claims.js';
import { openFileStore } from './store/file-store.js';
import { openStore, type Store } from './store/store.js';

/**
 * What the bot account must hold in REST-only mode, and why: the self-check names each one it lacks in one line.
 * Rules in stats/rest/endpoints.ts and dispatch/rest-permissions.ts, from Rocket.Chat's source.
 */
export const REST_ONLY_REQUIREMENTS: readonly BotRequirement[] = [
  { permission: 'view-statistics', neededBy: `${ENDPOINT_PERMISSIONS.statistics.what}, ${ENDPOINT_PERMISSIONS['instances.get'].what} and the full /api/info` },
  { permission: 'view-privileged-setting', neededBy: `${ENDPOINT_PERMISSIONS.settings.what}, and the license limits of GET /api/v1/licenses.info` },
  { permission: 'view-full-other-user-info', neededBy: SENDER_ROLES_WHAT },
];

/**
 * A service this mode cannot give: each call answers one line saying which database it needs, Rocket.Chat's
 * (`needs-database`) or the bot's own (`needs-bot-database`).
 */
function withoutDatabase<T extends object>(what: string, code: 'needs-database' | 'needs-bot-database' = 'needs-database'): T {
  // Every member is an async method on these services; a Proxy keeps the stand-in in step with their interfaces.
  return new Proxy({} as T, {
    get: (_target, member) =>
      member === 'then'
        ? undefined
        : async () => {
            throw new UserError(code, { what });
          },
  });
}

/** The bot's own data: INFOBOT_MONGO_URL's database, or the embedded file store. */
interface OwnData {
  claims: Claims;
  store: Store;
  /** The bot's MongoDB store, when INFOBOT_MONGO_URL is given. */
  database?: Store;
  licenseAudit: LicenseAudit;
  close(): Promise<void>;
}

async function openOwnData(config: Config, log: Logger): Promise<OwnData> {
  if (config.storeUrl) {
    const store = openStore(config.storeUrl);
    log.info({ store: redactUrl(config.storeUrl) }, 'REST-only mode: the bot’s own data is in INFOBOT_MONGO_URL; several replicas may run');
    return { claims: store.claims, store, database: store, licenseAudit: openLicenseAudit(store.db), close: () => store.close() };
  }
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const file = await openFileStore(config.dataDir, owner);
  log.warn(
    { file: file.path },
    'REST-only mode without INFOBOT_MONGO_URL: the bot’s own data is in one file, for ONE replica only. Several replicas need INFOBOT_MONGO_URL (a MongoDB database of the bot’s own) so that each command is answered once',
  );
  return {
    claims: file.claims,
    store: withoutDatabase<Store>('This command', 'needs-bot-database'),
    licenseAudit: file.audit('license_audit'),
    close: () => file.close(),
  };
}

/** Starts the bot in REST-only mode; resolves once it is connected and listening. */
export async function startRestOnlyBot(config: Config, deps: BotDeps): Promise<RunningBot> {
  const { log } = deps;
  const registry = buildRegistry(deps.commands);
  const lifecycle = createLifecycle(log);
  try {
    const own = await openOwnData(config, log);
    lifecycle.onStop('bot store', () => own.close());
    const link = createChatLink({ ...config.rocketchat, log, timing: deps.linkTiming });
    lifecycle.onStop('Rocket.Chat link', () => link.stop());
    const chat = createChatApi(link);
    const permissions = createRestPermissionLookup({ get: (path, query) => chat.get(path, query), selfId: () => link.identity().id }, {
      ttlMs: deps.permissionTtlMs,
      now: () => deps.now().getTime(),
    });
    const stats = createRestStatsService({ rest: chat, serverInfo: () => chat.serverInfo<ServerInfo>(), licensePublicKey: config.licensePublicKeyPem, now: deps.now, log });
    const ops = await startOps({
      port: config.httpPort,
      link,
      storeAccess: { kind: 'writable' },
      dailyEnabled: false,
      refreshWorkspace: () => stats.get(WORKSPACE_GAUGE_PARTS),
      log,
      ...(deps.opsTiming ? { timing: deps.opsTiming } : {}),
    });
    lifecycle.onStop('operations endpoint', () => ops.close());
    const services: BotServices = {
      stats,
      chat,
      store: own.store,
      config,
      commands: deps.commands,
      permissions,
      license: withoutDatabase('The license flow'),
      // The bot's own days in INFOBOT_MONGO_URL, Rocket.Chat's stored snapshots before them through statistics.list.
      history: own.database
        ? withRocketChatPast(openHistory(own.database.db), openRestRcStatistics(chat, config.daily.timeZone))
        : withoutDatabase('The history', 'needs-bot-database'),
      settingChanges: withoutDatabase('Changing settings'),
      federation: withoutDatabase('The federation setup'),
      compare: withoutDatabase('Comparing with Rocket.Chat’s snapshot'),
      // Message_AllowUnrecognizedSlashCommand is not watched here: help carries no note about it.
      slash: { enabled: () => undefined, helpNote: () => undefined, refresh: async () => undefined },
    };
    // A license posted outside a DM is deleted where the bot serves and its sender warned, as in database mode.
    const leakGuard = createLeakGuard({
      chat,
      claims: own.claims,
      audit: own.licenseAudit,
      self: () => link.identity(),
      log,
      now: deps.now,
      licenseBlockBytes: licenseBlockBytes(config.licensePublicKeyPem),
      rooms: config.rooms,
    });
    const dispatcher = createDispatcher({
      registry,
      chat,
      permissions,
      claims: own.claims,
      services,
      rooms: config.rooms,
      self: () => link.identity(),
      log,
      now: deps.now,
      slowNoticeMs: deps.slowNoticeMs,
      ...(deps.brakes ? { brakes: deps.brakes } : {}),
      messageLimit: createMessageLimit(chat, log, { ttlMs: deps.messageLimitTtlMs }),
      intercept: (message) => (leakGuard.intercept(message) ? leakGuard.idle() : undefined),
    });
    lifecycle.onStop('commands in flight', async () => {
      const unfinished = await dispatcher.close(deps.shutdownDeadlineMs);
      if (unfinished > 0) log.warn({ unfinished }, 'shutdown deadline passed with commands still running');
    });
    lifecycle.onStop('license leak guard', () => leakGuard.idle());
    link.onMessage((message) => dispatcher.handle(message));

    const identity = await link.start();
    // The commands' own bot permissions (edit-privileged-setting) serve the license flow and setting changes, which
    // need the database in this mode: asking for them would grant the bot more than it can use.
    const requirements = [{ permission: 'view-d-room', neededBy: 'direct messages' }, ...REST_ONLY_REQUIREMENTS];
    log.info(
      { requirements: REST_ONLY_REQUIREMENTS.map((r) => `${r.permission}: ${r.neededBy}`) },
      'REST-only mode: figures are Rocket.Chat’s own statistics snapshot, read with the bot’s session; the daily summary, alerts, history and the license flow need MONGO_URL',
    );
    await selfCheck(chat, requirements, config.rooms, log);
    log.info({ user: identity.username, rooms: config.rooms, commands: deps.commands.length, source: 'rest' }, 'infobot is listening');
    await ops.readiness.refresh();
    return {
      identity,
      link,
      chat,
      dispatcher,
      ops,
      slash: { current: () => undefined, check: async () => undefined, onChecked: () => () => undefined, stop: () => undefined },
      stop: () => lifecycle.stop(),
    };
  } catch (error) {
    await lifecycle.stop();
    throw error;
  }
}
