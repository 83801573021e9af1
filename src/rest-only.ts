/**
 * The composition root in REST-only mode (issue 18: no MONGO_URL, or INFOBOT_SOURCE=rest): figures and sender
 * permissions come from Rocket.Chat's REST API with the bot's session; the bot's own data goes to INFOBOT_MONGO_URL
 * when given, else to the embedded file store under INFOBOT_DATA_DIR (one replica). The features are wired by
 * wiring.ts, as in database mode; what needs a database this mode lacks answers one line saying which. Started and
 * stopped in the same order as main.ts's.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { createChatApi } from './chat/chat-api.js';
import { createChatLink } from './chat/link.js';
import type { BotRequirement } from './chat/self-check.js';
import type { Config } from './config.js';
import { createRestPermissionLookup, SENDER_ROLES_WHAT } from './dispatch/rest-permissions.js';
import { createLifecycle, type Lifecycle } from './lifecycle.js';
import { restCounters } from './license/rest-counters.js';
import { restSettings } from './rc/settings.js';
import { unavailable } from './dispatch/unavailable.js';
import { probeStoreWrite } from './store/write-probe.js';
import { type OwnData, wireBot } from './wiring.js';
import { openRestRcStatistics } from './history/rest-statistics.js';
import { redactUrl } from './log.js';
import type { BotDeps, RunningBot } from './main.js';
import { startOps } from './ops/start-ops.js';
import { WORKSPACE_GAUGE_PARTS } from './ops/workspace-figures.js';
import { ENDPOINT_PERMISSIONS } from './stats/rest/endpoints.js';
import { createRestStatsService } from './stats/rest/service.js';
import type { ServerInfo } from './stats/server-info.js';
import { fileData } from './store/bot-data.js';
import { openFileStore } from './store/file-store.js';
import { openStore } from './store/store.js';

/**
 * What the bot account must hold in REST-only mode, and why: the self-check names each one it lacks in one line.
 * Rules in stats/rest/endpoints.ts and dispatch/rest-permissions.ts, from Rocket.Chat's source.
 */
export const REST_ONLY_REQUIREMENTS: readonly BotRequirement[] = [
  { permission: 'view-statistics', neededBy: `${ENDPOINT_PERMISSIONS.statistics.what}, ${ENDPOINT_PERMISSIONS['instances.get'].what} and the full /api/info` },
  { permission: 'view-privileged-setting', neededBy: `${ENDPOINT_PERMISSIONS.settings.what}, and the license limits of GET /api/v1/licenses.info` },
  { permission: 'view-full-other-user-info', neededBy: SENDER_ROLES_WHAT },
];

/** The bot's own data: INFOBOT_MONGO_URL's database (probed for writes, as in database mode), or the data files. */
async function openOwnData(config: Config, deps: Pick<BotDeps, 'log' | 'now'>, lifecycle: Lifecycle): Promise<OwnData> {
  const { log } = deps;
  if (config.storeUrl) {
    const store = openStore(config.storeUrl);
    lifecycle.onStop('bot store', () => store.close());
    const access = await probeStoreWrite(store.db, store.owner);
    log.info({ store: redactUrl(config.storeUrl), access: access.kind }, 'REST-only mode: the bot’s own data is in INFOBOT_MONGO_URL; several replicas may run');
    return { kind: 'database', store, access };
  }
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  // The bot's clock: a claim's lease and a request's purge time are set on it, so they must expire on it too.
  const file = await openFileStore(config.dataDir, owner, { now: () => deps.now().getTime() });
  lifecycle.onStop('bot store', () => file.close());
  log.warn(
    { dir: config.dataDir },
    'REST-only mode without INFOBOT_MONGO_URL: the bot’s own data (claims, history, daily posts, alert state, pending confirmations and audit) is in files under INFOBOT_DATA_DIR, for ONE replica only. Several replicas need INFOBOT_MONGO_URL (a MongoDB database of the bot’s own) so that each command is answered once and each post made once',
  );
  return { kind: 'file', data: await fileData(file) };
}

/** Starts the bot in REST-only mode; resolves once it is connected and listening. */
export async function startRestOnlyBot(config: Config, deps: BotDeps): Promise<RunningBot> {
  const { log } = deps;
  const lifecycle = createLifecycle(log);
  try {
    const own = await openOwnData(config, deps, lifecycle);
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
      ...(own.kind === 'database' ? { storeDb: own.store.db } : {}),
      storeAccess: own.kind === 'database' ? own.access : { kind: 'writable' },
      ownData: own.kind,
      dailyEnabled: config.daily.enabled,
      refreshWorkspace: () => stats.get(WORKSPACE_GAUGE_PARTS),
      log,
      ...(deps.opsTiming ? { timing: deps.opsTiming } : {}),
    });
    lifecycle.onStop('operations endpoint', () => ops.close());
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
        settings: restSettings(chat),
        counters: restCounters(chat),
        // Rocket.Chat's stored snapshots before the bot's own days, paged from statistics.list.
        rcStatistics: openRestRcStatistics(chat, config.daily.timeZone),
      },
      own,
      // Message_AllowUnrecognizedSlashCommand is not watched here: help carries no note about it.
      slash: { enabled: () => undefined, helpNote: () => undefined, refresh: async () => undefined },
      compare: unavailable('Comparing with Rocket.Chat’s snapshot', 'needs-database'),
    });
    log.info(
      { requirements: REST_ONLY_REQUIREMENTS.map((r) => `${r.permission}: ${r.neededBy}`) },
      'REST-only mode: figures are Rocket.Chat’s own statistics snapshot, read with the bot’s session; /info compare needs MONGO_URL, and the daily summary does not count the last 24 hours',
    );
    const identity = await wired.start([{ permission: 'view-d-room', neededBy: 'direct messages' }, ...REST_ONLY_REQUIREMENTS]);
    return {
      identity,
      link,
      chat,
      dispatcher: wired.dispatcher,
      ops,
      slash: { current: () => undefined, check: async () => undefined, onChecked: () => () => undefined, stop: () => undefined },
      stop: () => lifecycle.stop(),
    };
  } catch (error) {
    await lifecycle.stop();
    throw error;
  }
}
