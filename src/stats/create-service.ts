/**
 * The statistics service over Rocket.Chat's database: each request computes only the parts it names, and every
 * figure (one query's answer) is kept for `ttlMs` and shared while in flight, so a burst of `/info` commands costs
 * one query per figure and `/info usage` after `/info download` asks nothing again. `refresh` asks anew.
 */
import type { Db } from 'mongodb';
import { resolveLicensePublicKey } from '../license/public-key.js';
import { opsEvents } from '../ops/events.js';
import { workspaceFigures } from '../ops/workspace-figures.js';
import { computeStats } from './compute.js';
import { type FigureEvent, FigureCache, type StatsObserver } from './figure-cache.js';
import { defaultStatsConcurrency, QueryGate } from './query-gate.js';
import { hasParts } from './result.js';
import type { ServerInfo } from './server-info.js';
import type { StatsService } from './service.js';

/** What the service is built from; only `db` is required. */
export interface StatsServiceDeps {
  db: Db;
  /**
   * Reads Rocket.Chat's /api/info (the bot asks with its own chat session, never a login of its own); asked at most
   * every ten minutes, since it changes only when Rocket.Chat is upgraded.
   */
  serverInfo?: () => Promise<ServerInfo | undefined>;
  /** Forces the Rocket.Chat version whose semantics apply. */
  rcVersion?: string;
  /** How long a figure is reused (default 60 s). */
  ttlMs?: number;
  now?: () => Date;
  /** PEM key for licenses (default: INFOBOT_LICENSE_PUBLIC_KEY, else Rocket.Chat's published key). */
  licensePublicKey?: string;
  /** Budget of each query (default 10 s). */
  queryTimeoutMs?: number;
  /** Queries in flight at once, all requests together (default: this process's cores). */
  concurrency?: number;
  /** Where computation warnings go (a pino logger fits); they never contain license text. */
  log?: { warn(details: object, message: string): void };
  /** Told of every figure: query durations and outcomes, cache hits, joins of a query in flight (for metrics). */
  observer?: StatsObserver;
}

/** /api/info changes only when Rocket.Chat is upgraded. */
const SERVER_INFO_TTL_MS = 10 * 60_000;

function cachedServerInfo(read: () => Promise<ServerInfo | undefined>, now: () => Date): (refresh: boolean) => Promise<ServerInfo | undefined> {
  let cached: { info: Promise<ServerInfo | undefined>; expiresAt: number } | undefined;
  return (refresh) => {
    if (!refresh && cached && now().getTime() < cached.expiresAt) return cached.info;
    const entry = { info: read(), expiresAt: now().getTime() + SERVER_INFO_TTL_MS };
    cached = entry;
    entry.info.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return entry.info;
  };
}

/** Builds the service. */
export function createStatsService(deps: StatsServiceDeps): StatsService {
  const now = deps.now ?? (() => new Date());
  const licensePublicKey = deps.licensePublicKey ?? resolveLicensePublicKey();
  const cache = new FigureCache(deps.ttlMs ?? 60_000, now);
  const serverInfo = deps.serverInfo && cachedServerInfo(deps.serverInfo, now);
  // One gate for every request: concurrent commands queue their queries instead of multiplying them.
  const gate = new QueryGate(deps.concurrency ?? defaultStatsConcurrency());

  return {
    async get(parts, options = {}) {
      const refresh = options.refresh === true;
      const kinds = new Set<FigureEvent['kind']>();
      const observer: StatsObserver = (event) => {
        kinds.add(event.kind);
        deps.observer?.(event);
      };
      const result = await computeStats({
        db: deps.db,
        parts,
        serverInfo: serverInfo && (() => serverInfo(refresh)),
        rcVersion: deps.rcVersion,
        licensePublicKey,
        queryTimeoutMs: deps.queryTimeoutMs ?? 10_000,
        concurrency: gate.width,
        gate,
        now: now(),
        cache,
        refresh,
        observer,
      });
      // A request is `computed` when any query ran for it, `shared` when it only joined queries in flight.
      opsEvents.statsRequest.publish({ source: kinds.has('query') ? 'computed' : kinds.has('shared') ? 'shared' : 'cache' });
      if (result.license && result.deployment) opsEvents.workspace.publish(workspaceFigures({ ...result, license: result.license, deployment: result.deployment }));
      if (result.warnings.length || result.failed.length) {
        deps.log?.warn({ warnings: result.warnings, failed: result.failed }, 'statistics computed with warnings');
      }
      if (!hasParts(result, parts)) throw new Error(`the statistics engine did not compute ${parts.join(', ')}`);
      return result;
    },
  };
}
