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

/** A counting semaphore, first come first served. */
export class QueryGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  readonly width: number;

  constructor(width: number) {
    this.width = Math.max(1, Math.floor(width));
  }

  /** Resolves once a slot is free; the caller must `release()` it. */
  acquire(): Promise<void> {
    if (this.active < this.width) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Frees a slot (hands it to the next waiter, if any). */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
