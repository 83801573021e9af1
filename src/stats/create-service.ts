/**
 * The statistics service: computations are cached for `ttlMs` and shared while in flight (single-flight), so a burst
 * of `/info` commands costs one computation; `refresh` bypasses the cache.
 */
import type { Db } from 'mongodb';
import { defaultTimeZone } from '../cards/format.js';
import { resolveLicensePublicKey } from '../license/public-key.js';
import { opsEvents } from '../ops/events.js';
import { workspaceFigures } from '../ops/workspace-figures.js';
import { type ComputedStats, computeStats } from './compute.js';
import { fetchServerInfo, type ServerInfo } from './server-info.js';
import type { StatsService } from './service.js';

/** The Rocket.Chat connection settings the service can ask /api/info with (the bot's Config has this shape). */
export interface RocketChatEndpoint {
  url: string;
  auth: { kind: 'password'; username: string; password: string } | { kind: 'token'; userId: string; token: string };
}

/** What the service is built from; only `db` is required. */
export interface StatsServiceDeps {
  db: Db;
  /** Reads /api/info; by default derived from `config.rocketchat` when given. */
  serverInfo?: () => Promise<ServerInfo | undefined>;
  /** Forces the Rocket.Chat version whose semantics apply. */
  rcVersion?: string;
  /** How long a computation is reused (default 60 s). */
  ttlMs?: number;
  now?: () => Date;
  /** PEM key for licenses (default: INFOBOT_LICENSE_PUBLIC_KEY, else Rocket.Chat's published key). */
  licensePublicKey?: string;
  /** Budget of each query (default 10 s). */
  queryTimeoutMs?: number;
  /** Queries in flight at once (default 4). */
  concurrency?: number;
  /** Zone dates are shown in (default the process's). */
  timeZone?: string;
  /** The bot's configuration: its `rocketchat` endpoint is used for /api/info. */
  config?: { rocketchat?: RocketChatEndpoint };
  /** Where computation warnings go (a pino logger fits); they never contain license text. */
  log?: { warn(details: object, message: string): void };
}

/** A StatsService whose snapshots also carry the typed statistics.json document and warnings. */
export interface EngineStatsService extends StatsService {
  get(options?: { refresh?: boolean }): Promise<ComputedStats>;
}

/** /api/info changes only when Rocket.Chat is upgraded: asked at most this often (a password login costs the server a bcrypt). */
const SERVER_INFO_TTL_MS = 10 * 60_000;

function serverInfoFrom(endpoint: RocketChatEndpoint, now: () => Date): (refresh: boolean) => Promise<ServerInfo> {
  const { url, auth } = endpoint;
  let cached: { info: ServerInfo; expiresAt: number } | undefined;
  return async (refresh) => {
    if (!refresh && cached && now().getTime() < cached.expiresAt) return cached.info;
    const info = await fetchServerInfo(
      auth.kind === 'password' ? { url, user: auth.username, password: auth.password } : { url, userId: auth.userId, authToken: auth.token },
    );
    cached = { info, expiresAt: now().getTime() + SERVER_INFO_TTL_MS };
    return info;
  };
}

/** Builds the service. */
export function createStatsService(deps: StatsServiceDeps): EngineStatsService {
  const ttlMs = deps.ttlMs ?? 60_000;
  const now = deps.now ?? (() => new Date());
  const licensePublicKey = deps.licensePublicKey ?? resolveLicensePublicKey();
  const endpointInfo = deps.config?.rocketchat ? serverInfoFrom(deps.config.rocketchat, now) : undefined;
  let cached: { stats: ComputedStats; expiresAt: number } | undefined;
  let inFlight: Promise<ComputedStats> | undefined;

  const compute = (refresh: boolean): Promise<ComputedStats> => {
    const started = now();
    inFlight = computeStats({
      db: deps.db,
      serverInfo: deps.serverInfo ?? (endpointInfo && (() => endpointInfo(refresh))),
      rcVersion: deps.rcVersion,
      licensePublicKey,
      queryTimeoutMs: deps.queryTimeoutMs ?? 10_000,
      concurrency: deps.concurrency ?? 4,
      now: started,
      timeZone: deps.timeZone ?? defaultTimeZone(),
    })
      .then((stats) => {
        if (stats.warnings.length) deps.log?.warn({ warnings: stats.warnings, failed: stats.failed }, 'statistics computed with warnings');
        cached = { stats, expiresAt: started.getTime() + ttlMs };
        opsEvents.workspace.publish(workspaceFigures(stats));
        return stats;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  return {
    get(options = {}) {
      if (inFlight) {
        opsEvents.statsRequest.publish({ source: 'shared' });
        return inFlight;
      }
      if (!options.refresh && cached && now().getTime() < cached.expiresAt) {
        opsEvents.statsRequest.publish({ source: 'cache' });
        return Promise.resolve(cached.stats);
      }
      opsEvents.statsRequest.publish({ source: 'computed' });
      return compute(options.refresh === true);
    },
  };
}
