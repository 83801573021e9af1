/**
 * Runs the engine's queries: bounded concurrency, a time budget per query (server-side maxTimeMS and a client-side
 * abort, since some servers ignore maxTimeMS), secondary-preferred reads, each query at most once per computation,
 * and failures captured as values so one slow query marks its fields instead of failing the whole page.
 */
import type { Db, ReadPreferenceLike } from 'mongodb';
import { opsEvents } from '../ops/events.js';

/** A query's result, or why there is none. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string; timedOut: boolean };

/** Options every query passes to the driver. */
export interface QueryOptions {
  maxTimeMS: number;
  readPreference: ReadPreferenceLike;
  signal: AbortSignal;
}

/** How queries run. */
export interface QueryRunnerOptions {
  db: Db;
  /** Budget per query, in milliseconds. */
  timeoutMs: number;
  /** Queries in flight at once. */
  concurrency: number;
}

/** A per-computation query runner; create one for each computation so results are not reused across them. */
export class QueryRunner {
  readonly db: Db;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly memo = new Map<string, Promise<Outcome<unknown>>>();

  constructor(options: QueryRunnerOptions) {
    this.db = options.db;
    this.timeoutMs = options.timeoutMs;
    this.concurrency = Math.max(1, options.concurrency);
  }

  /** Runs `query` once per key; later calls with the same key share the first outcome. */
  run<T>(key: string, query: (options: QueryOptions) => Promise<T>): Promise<Outcome<T>> {
    let outcome = this.memo.get(key) as Promise<Outcome<T>> | undefined;
    if (!outcome) {
      outcome = this.schedule(key, query);
      this.memo.set(key, outcome);
    }
    return outcome;
  }

  private async schedule<T>(key: string, query: (options: QueryOptions) => Promise<T>): Promise<Outcome<T>> {
    await this.acquire();
    const started = performance.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`${key} took longer than ${this.timeoutMs} ms`)), this.timeoutMs);
    try {
      const value = await query({ maxTimeMS: this.timeoutMs, readPreference: 'secondaryPreferred', signal: controller.signal });
      if (controller.signal.aborted) throw controller.signal.reason;
      opsEvents.statsQuery.publish({ figure: key, seconds: (performance.now() - started) / 1000, outcome: 'ok' });
      return { ok: true, value };
    } catch (error) {
      const timedOut = controller.signal.aborted || (error as { code?: number }).code === 50; // 50: MaxTimeMSExpired
      const message = timedOut ? `timed out after ${this.timeoutMs} ms` : firstLine(error);
      opsEvents.statsQuery.publish({ figure: key, seconds: (performance.now() - started) / 1000, outcome: timedOut ? 'timeout' : 'error' });
      return { ok: false, error: message, timedOut };
    } finally {
      clearTimeout(timer);
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.trim() || 'query failed';
}
