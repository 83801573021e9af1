/**
 * The operations side of a running bot, wired: liveness, readiness over the link and both databases, the metrics
 * registry, and the HTTP endpoint serving them. main.ts calls this once the parts exist.
 */
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { ChatLink } from '../chat/link.js';
import { checkDbHealth } from '../db/health.js';
import type { StoreAccess } from '../store/write-probe.js';
import { startOpsServer } from './http-server.js';
import { createLiveness } from './liveness.js';
import { createMetrics } from './metrics.js';
import { type CheckResult, createReadiness, type FeatureState, type Readiness } from './readiness.js';

/** Timings tests shorten; the defaults suit production. */
export interface OpsTiming {
  /** How often readiness is checked on its own (default 5 s; a link change triggers a check at once). */
  readinessIntervalMs: number;
  /** How long a database ping may take before its check fails (default 2 s). */
  pingTimeoutMs: number;
}

/** What the operations side watches. */
export interface OpsDeps {
  /** INFOBOT_HTTP_PORT; null serves nothing (metrics and readiness still exist for the caller). */
  port: number | null;
  link: Pick<ChatLink, 'state' | 'onStateChange'>;
  /** Rocket.Chat's database; absent in REST-only mode, where there is none to check. */
  rocketChatDb?: Db;
  /** The bot's MongoDB store; absent when its data is in the embedded file store. */
  storeDb?: Db;
  storeAccess: StoreAccess;
  /** Where the bot's own data is: a MongoDB database, or the data file under INFOBOT_DATA_DIR (one replica only). */
  ownData: 'database' | 'file';
  dailyEnabled: boolean;
  /** Computes the statistics again (the workspace gauges follow from it). */
  refreshWorkspace: () => Promise<unknown>;
  log: Logger;
  timing?: Partial<OpsTiming>;
}

/** The running operations side. */
export interface Ops {
  /** The bound port, or null when INFOBOT_HTTP_PORT=off. */
  port: number | null;
  readiness: Readiness;
  close(): Promise<void>;
}

const READ_ONLY_FIX = 'the bot’s own database is not writable';

/**
 * The features that need the bot's writable database, and why each is off. The data file keeps every feature for one
 * process, and its claims stop a message being answered twice across that process's restarts, but replicas cannot
 * share it: across replicas there is no dedupe.
 */
export function featureStates(access: StoreAccess, ownData: 'database' | 'file', dailyEnabled: boolean): FeatureState[] {
  const readOnly = access.kind === 'read-only';
  const off = (name: string, reason: string | undefined): FeatureState => (reason ? { name, on: false, reason } : { name, on: true });
  const dedupeOff = readOnly
    ? `${READ_ONLY_FIX}: each replica answers every command`
    : ownData === 'file'
      ? 'the bot’s own data is a file under INFOBOT_DATA_DIR: run one replica, or set INFOBOT_MONGO_URL for several'
      : undefined;
  return [
    off('cross-replica-dedupe', dedupeOff),
    off('daily-summary', !dailyEnabled ? 'INFOBOT_DAILY=off' : readOnly ? `${READ_ONLY_FIX}: no post ledger, no history` : undefined),
    off('license-flow', readOnly ? `${READ_ONLY_FIX}: license checks, confirmations and the audit cannot be kept` : undefined),
  ];
}

async function databaseCheck(db: Db, timeoutMs: number): Promise<Omit<CheckResult, 'name'>> {
  const health = await checkDbHealth(db, timeoutMs);
  return health.ok ? { ok: true, latencyMs: health.latencyMs } : { ok: false, detail: health.error };
}

/** Starts the monitors and, unless the port is off, the endpoint. */
export async function startOps(deps: OpsDeps): Promise<Ops> {
  const timing: OpsTiming = { readinessIntervalMs: 5_000, pingTimeoutMs: 2_000, ...deps.timing };
  const features = featureStates(deps.storeAccess, deps.ownData, deps.dailyEnabled);
  const liveness = createLiveness();
  const readiness = createReadiness({
    intervalMs: timing.readinessIntervalMs,
    features: () => features,
    checks: {
      'rocketchat-link': async () => {
        const state = deps.link.state();
        return state === 'online' ? { ok: true } : { ok: false, detail: `the realtime link is ${state}` };
      },
      ...(deps.rocketChatDb && { 'rocketchat-database': () => databaseCheck(deps.rocketChatDb as Db, timing.pingTimeoutMs) }),
      ...(deps.storeDb && { 'bot-store': () => databaseCheck(deps.storeDb as Db, timing.pingTimeoutMs) }),
    },
  });
  deps.link.onStateChange(() => void readiness.refresh());
  const log = deps.log.child({ component: 'ops' });
  readiness.onChange((report) => {
    const failing = report.checks.filter((c) => !c.ok).map((c) => `${c.name} (${c.detail ?? 'failed'})`);
    if (report.ready) log.info('ready');
    else log.warn({ failing }, 'not ready');
  });
  const metrics = createMetrics({ link: deps.link, readiness: () => readiness.current(), refreshWorkspace: deps.refreshWorkspace });
  const server =
    deps.port === null ? undefined : await startOpsServer({ port: deps.port, liveness, readiness: () => readiness.current(), registry: metrics.registry });
  if (server) log.info({ port: server.port }, 'serving /livez, /readyz and /metrics');
  return {
    port: server?.port ?? null,
    readiness,
    async close() {
      readiness.stop();
      liveness.stop();
      await server?.close();
      metrics.close();
    },
  };
}
