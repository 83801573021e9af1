/**
 * How many statistics queries are in flight at once, across every computation of a service: a burst of `/info`
 * commands, the daily post and `/info download` share one gate, so the bot never puts more concurrent queries on
 * Rocket.Chat's database than it has cores to receive their answers with (the default), or than configured.
 */
import { availableParallelism } from 'node:os';

/** The default width: this process's cores. */
export function defaultStatsConcurrency(): number {
  return Math.max(1, availableParallelism());
}

/**
 * A counting semaphore that serves long queries first. A computation asks for its queries in one burst and the
 * page is ready when the last one ends, so a long scan granted behind the short ones ends last and alone; granted
 * first, it runs while the short ones share the other slots (longest-first scheduling). The grants of a burst are
 * decided together, once the requests of the current turn have all arrived; among equals, first come first served.
 */
export class QueryGate {
  private active = 0;
  private readonly long: (() => void)[] = [];
  private readonly other: (() => void)[] = [];
  private drainQueued = false;
  readonly width: number;

  constructor(width: number) {
    this.width = Math.max(1, Math.floor(width));
  }

  /** Resolves once a slot is granted; the caller must `release()` it. `long`: expected to be among the longest. */
  acquire(long = false): Promise<void> {
    return new Promise((resolve) => {
      (long ? this.long : this.other).push(resolve);
      if (this.drainQueued) return;
      this.drainQueued = true;
      // A microtask, not a timer: it runs after the continuations already queued (the rest of the burst), and fake
      // timers in tests cannot hold it.
      queueMicrotask(() => {
        this.drainQueued = false;
        this.drain();
      });
    });
  }

  /** Frees a slot (hands it to the next waiter, if any). */
  release(): void {
    this.active--;
    this.drain();
  }

  private drain(): void {
    while (this.active < this.width) {
      const next = this.long.shift() ?? this.other.shift();
      if (!next) return;
      this.active++;
      next();
    }
  }
}
