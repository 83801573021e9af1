/**
 * Query outcomes ("figures") kept across computations: each figure is reused while fresh (TTL) and shared while in
 * flight (single-flight), so `/info usage` after `/info download` runs no query whose answer is still fresh, and a
 * burst of commands costs one query per figure. Failures are not kept: the next request asks again.
 */
import type { Outcome } from './query-runner.js';

/** What happened to one figure request: for metrics and logs, through `StatsObserver`. */
export interface FigureEvent {
  /** The figure's key (e.g. `userGroups`, `estimated:rocketchat_uploads`). */
  key: string;
  /** `query`: a query ran for it; `cache`: a fresh cached answer was reused; `shared`: joined a query in flight. */
  kind: 'query' | 'cache' | 'shared';
  /** For `query`: how long it took, and how it ended. */
  ms?: number;
  outcome?: 'ok' | 'failed' | 'timedOut';
}

/** Receives figure events; must not throw (a throwing observer is ignored). */
export type StatsObserver = (event: FigureEvent) => void;

/** A figure as stored: its outcome and when its query was started. */
export interface Figure<T> {
  outcome: Outcome<T>;
  takenAt: Date;
}

interface Entry {
  figure: Promise<Figure<unknown>>;
  /** Set once the figure settled successfully. */
  expiresAt?: number;
}

/** The cache of figures; one per statistics service. */
export class FigureCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  /** The figure `key` when it is settled, answered and fresh; undefined otherwise. */
  fresh<T>(key: string): Promise<Figure<T>> | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt === undefined || this.now().getTime() >= entry.expiresAt) return undefined;
    return entry.figure as Promise<Figure<T>>;
  }

  /**
   * The figure `key`: a fresh cached one, the one in flight, or a new one from `produce` (always new with `refresh`,
   * which later requests then share). `notify` learns which of the three it was.
   */
  get<T>(key: string, refresh: boolean, produce: () => Promise<Figure<T>>, notify: (kind: 'cache' | 'shared') => void): Promise<Figure<T>> {
    const entry = this.entries.get(key);
    if (entry && !refresh) {
      if (entry.expiresAt === undefined) {
        notify('shared');
        return entry.figure as Promise<Figure<T>>;
      }
      if (this.now().getTime() < entry.expiresAt) {
        notify('cache');
        return entry.figure as Promise<Figure<T>>;
      }
    }
    const next: Entry = { figure: produce() };
    this.entries.set(key, next);
    void next.figure.then((figure) => {
      if (this.entries.get(key) !== next) return;
      if (figure.outcome.ok) next.expiresAt = figure.takenAt.getTime() + this.ttlMs;
      else this.entries.delete(key);
    });
    return next.figure as Promise<Figure<T>>;
  }
}
