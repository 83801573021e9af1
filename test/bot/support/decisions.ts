/**
 * The dispatcher's decisions (src/dispatch/events.ts) as a test reads them: every event of every bot watched, in
 * order, and a way to await the ones about a message. "The bot said nothing" is then a decision to wait for, followed
 * by a look at Rocket.Chat's database, instead of a sleep long enough for an answer that never comes.
 */
import type { Db } from 'mongodb';
import type { Dispatcher } from '../../../src/dispatch/dispatcher.js';
import type { DispatchEvent } from '../../../src/dispatch/events.js';

interface Waiter {
  from: number;
  match(event: DispatchEvent): boolean;
  count: number;
  resolve(events: DispatchEvent[]): void;
}

/**
 * A decision that ends a message's story: every answer to it is posted. A replica that lost the claim, or saw the
 * message twice, decides early while another may still be answering.
 */
function isFinal(event: DispatchEvent): boolean {
  return !(event.kind === 'ignored' && (event.reason === 'claimed-by-other-replica' || event.reason === 'duplicate'));
}

/** Every decision of the dispatchers it watches. */
export class Decisions {
  readonly events: DispatchEvent[] = [];
  private readonly waiters = new Set<Waiter>();
  /** Messages whose answer a helper gave up on, still without their final decision. */
  private readonly undecided = new Set<string>();

  /** Records `dispatcher`'s decisions from now on. */
  watch(dispatcher: Pick<Dispatcher, 'onEvent'>): () => void {
    return dispatcher.onEvent((event) => {
      this.events.push(event);
      if (isFinal(event)) this.undecided.delete(event.messageId);
      for (const waiter of this.waiters) this.settle(waiter);
    });
  }

  /** A place in the record: decisions after it are the ones a later wait looks at. */
  mark(): number {
    return this.events.length;
  }

  /**
   * Resolves with the first `count` decisions after `mark` that `match` (default: one), in order; rejects after
   * `timeoutMs` naming what it saw. Decisions made before the call but after the mark count.
   */
  after(mark: number, match: (event: DispatchEvent) => boolean, { count = 1, timeoutMs = 15_000 } = {}): Promise<DispatchEvent[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`waited ${timeoutMs} ms for ${count} decision(s); after the mark there were: ${JSON.stringify(this.events.slice(mark))}`));
      }, timeoutMs);
      const waiter: Waiter = {
        from: mark,
        match,
        count,
        resolve: (events) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(events);
        },
      };
      this.waiters.add(waiter);
      this.settle(waiter);
    });
  }

  /** The next `count` decisions about one message (one per bot replica that saw it), after `mark`. */
  about(mark: number, messageId: string, count = 1): Promise<DispatchEvent[]> {
    return this.after(mark, (e) => e.messageId === messageId, { count });
  }

  /** Remembers a message whose answer did not come in time, so `settled` can wait for the bot to be done with it. */
  track(messageId: string): void {
    if (!this.events.some((e) => e.messageId === messageId && isFinal(e))) this.undecided.add(messageId);
  }

  /**
   * Resolves once every tracked message has its final decision, so none of their answers is still to come: an answer
   * late for one test must not be read as the next test's. Rejects after `timeoutMs` naming the messages still open
   * (and forgets them, so one stuck message fails one wait, not every later one).
   */
  settled(timeoutMs = 30_000): Promise<void> {
    const open = [...this.undecided];
    return Promise.all(open.map((id) => this.after(0, (e) => e.messageId === id && isFinal(e), { timeoutMs }))).then(
      () => {
        for (const id of open) this.undecided.delete(id);
      },
      () => {
        const still = open.filter((id) => !this.events.some((e) => e.messageId === id && isFinal(e)));
        for (const id of open) this.undecided.delete(id);
        throw new Error(`the bot had still not decided on message(s) ${still.join(', ')} sent earlier, after ${timeoutMs} ms`);
      },
    );
  }

  private settle(waiter: Waiter): void {
    const found = this.events.slice(waiter.from).filter(waiter.match);
    if (found.length >= waiter.count) waiter.resolve(found.slice(0, waiter.count));
  }
}

/** A decision without its ids, for comparing what was decided. */
export function outcome(event: DispatchEvent): Omit<DispatchEvent, 'messageId' | 'roomId'> {
  const { messageId: _m, roomId: _r, ...rest } = event;
  return rest;
}

/** A decision in a word or three ("handled info usage", "ignored duplicate"), for comparing sets of decisions. */
export function summary(event: DispatchEvent): string {
  switch (event.kind) {
    case 'ignored':
      return `ignored ${event.reason}`;
    case 'refused':
      return `refused ${event.code}`;
    case 'handled':
      return `handled ${event.command}`;
    default:
      return event.kind;
  }
}

/**
 * The ids of `userId`'s messages in a room, read from Rocket.Chat's database: everything the bot had posted once its
 * decision was emitted is there, whether or not a client's stream has delivered it yet.
 */
export async function messagesBy(db: Db, roomId: string, userId: string): Promise<Set<string>> {
  const docs = await db
    .collection<{ _id: string }>('rocketchat_message')
    .find({ rid: roomId, 'u._id': userId }, { projection: { _id: 1 } })
    .toArray();
  return new Set(docs.map((d) => String(d._id)));
}

/** Ids in `now` that are not in `before`. */
export function added(before: ReadonlySet<string>, now: ReadonlySet<string>): string[] {
  return [...now].filter((id) => !before.has(id));
}
