/**
 * Runs the engine's queries: bounded concurrency, a time budget per query (server-side maxTimeMS and a client-side
 * abort, since some servers ignore maxTimeMS), secondary-preferred reads, each query at most once per computation,
 * and failures captured as values so one slow query marks its fields instead of failing the whole page. With a
 * figure cache, answers still fresh from an earlier computation are reused instead of asked again.
 */
import type { Db, ReadPreferenceLike } from 'mongodb';
import { opsEvents } from '../ops/events.js';
import { type Figure, FigureCache, type StatsObserver } from './figure-cache.js';
import { QueryGate } from './query-gate.js';

/** A query's result, or why there is none. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string; timedOut: boolean };

/** Options every query passes to the driver. */
export interface QueryOptions {
  maxTimeMS: number;
  readPreference: ReadPreferenceLike;
  signal: AbortSignal;
}

/** How one query runs. `long`: expected to be among the computation's longest (a pass over the message collection). */
export interface RunOptions {
  long?: boolean;
}

/** How queries run. */
export interface QueryRunnerOptions {
  db: Db;
  /** Budget per query, in milliseconds. */
  timeoutMs: number;
  /** Queries in flight at once, when no shared `gate` is given. */
  concurrency: number;
  /** A gate shared with other runners (the service's): bounds their queries together. */
  gate?: QueryGate;
  /** Figures shared across computations; by default this runner's own (nothing reused across runners). */
  cache?: FigureCache;
  /** Ask every query again instead of reusing cached figures (the answers still refresh the cache). */
  refresh?: boolean;
  /** Told about every figure request (query durations, timeouts, cache hits). */
  observer?: StatsObserver;
  now?: () => Date;
  /**
   * Asked once, before this runner's first query (never when every figure comes from the cache); when it throws, that
   * query and every later one fail with its message instead of running.
   */
  precheck?: () => Promise<void>;
}

/** A per-computation query runner; create one for each computation so results are not reused across them. */
export class QueryRunner {
  readonly db: Db;
  private readonly timeoutMs: number;
  private readonly gate: QueryGate;
  private readonly memo = new Map<string, Promise<Outcome<unknown>>>();
  private readonly cache: FigureCache;
  private readonly refresh: boolean;
  private readonly observer: StatsObserver | undefined;
  private readonly now: () => Date;
  private oldest: Date | undefined;
  private readonly precheck: (() => Promise<void>) | undefined;
  private prechecked: Promise<void> | undefined;

  constructor(options: QueryRunnerOptions) {
    this.db = options.db;
    this.timeoutMs = options.timeoutMs;
    this.gate = options.gate ?? new QueryGate(options.concurrency);
    this.now = options.now ?? (() => new Date());
    this.cache = options.cache ?? new FigureCache(0, this.now);
    this.refresh = options.refresh === true;
    this.observer = options.observer;
    this.precheck = options.precheck;
  }

  /** When the oldest answer this runner gave was asked for (undefined before any): the age of what is shown. */
  get oldestFigureAt(): Date | undefined {
    return this.oldest;
  }

  /**
   * Runs `query` once per key; later calls with the same key share the first outcome. A `long` query is started
   * before the others waiting for the gate.
   */
  run<T>(key: string, query: (options: QueryOptions) => Promise<T>, { long = false }: RunOptions = {}): Promise<Outcome<T>> {
    let outcome = this.memo.get(key) as Promise<Outcome<T>> | undefined;
    if (!outcome) {
      const figure = this.cache.get(key, this.refresh, () => this.schedule(key, query, long), (kind) => this.notify({ key, kind }));
      outcome = figure.then(({ outcome: answer, takenAt }) => {
        if (answer.ok && (!this.oldest || takenAt < this.oldest)) this.oldest = takenAt;
        return answer;
      });
      this.memo.set(key, outcome);
    }
    return outcome;
  }

  /**
   * Like `run`, but when the cache holds a fresh answer to the wider query `wider.key` (e.g. every setting, where
   * `key` asks for a few), `key`'s answer is derived from it instead of asked.
   */
  runNarrower<T, W>(key: string, wider: { key: string; narrow: (value: W) => T }, query: (options: QueryOptions) => Promise<T>): Promise<Outcome<T>> {
    const known = this.memo.get(key) as Promise<Outcome<T>> | undefined;
    if (known) return known;
    const fresh = this.refresh ? undefined : this.cache.fresh<W>(wider.key);
    if (!fresh) return this.run(key, query);
    this.notify({ key, kind: 'cache' });
    const outcome = fresh.then(({ outcome: answer, takenAt }): Outcome<T> => {
      if (!this.oldest || takenAt < this.oldest) this.oldest = takenAt;
      return answer.ok ? { ok: true, value: wider.narrow(answer.value) } : answer;
    });
    this.memo.set(key, outcome);
    return outcome;
  }

  private notify(event: Parameters<StatsObserver>[0]): void {
    if (event.kind === 'query' && event.ms !== undefined) {
      const outcome = event.outcome === 'timedOut' ? 'timeout' : event.outcome === 'failed' ? 'error' : 'ok';
      opsEvents.statsQuery.publish({ figure: event.key, seconds: event.ms / 1000, outcome });
    }
    try {
      this.observer?.(event);
    } catch {
      // An observer's failure is no reason to fail a statistic.
    }
  }

  private async schedule<T>(key: string, query: (options: QueryOptions) => Promise<T>, long: boolean): Promise<Figure<T>> {
    const takenAt = this.now();
    const outcome = await this.execute(key, query, long);
    return { outcome, takenAt };
  }

  private async execute<T>(key: string, query: (options: QueryOptions) => Promise<T>, long: boolean): Promise<Outcome<T>> {
    if (this.precheck) {
      this.prechecked ??= this.precheck();
      try {
        await this.prechecked;
      } catch (error) {
        return { ok: false, error: firstLine(error), timedOut: false };
      }
    }
    await this.gate.acquire(long);
    const started = performance.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`${key} took longer than ${this.timeoutMs} ms`)), this.timeoutMs);
    try {
      const value = await query({ maxTimeMS: this.timeoutMs, readPreference: 'secondaryPreferred', signal: controller.signal });
      if (controller.signal.aborted) throw controller.signal.reason;
      this.notify({ key, kind: 'query', ms: performance.now() - started, outcome: 'ok' });
      return { ok: true, value };
    } catch (error) {
      const timedOut = controller.signal.aborted || (error as { code?: number }).code === 50; // 50: MaxTimeMSExpired
      const message = timedOut ? `timed out after ${this.timeoutMs} ms` : firstLine(error);
      this.notify({ key, kind: 'query', ms: performance.now() - started, outcome: timedOut ? 'timedOut' : 'failed' });
      return { ok: false, error: message, timedOut };
    } finally {
      clearTimeout(timer);
      this.gate.release();
    }
  }

}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.trim() || 'query failed';
}
