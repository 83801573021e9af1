/**
 * Messages already seen, by `_id`: Rocket.Chat re-emits a whole message on every reaction, pin, URL
 * preview or thread reply, and a reconnect can replay it. Bounded in size and age.
 */

/** Remembers message ids for `ttlMs`, at most `capacity` of them (oldest forgotten first). */
export class SeenMessages {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly capacity = 10_000,
    private readonly ttlMs = 60 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time an id is offered (within the TTL), false afterwards. */
  firstSighting(id: string): boolean {
    const t = this.now();
    const at = this.seen.get(id);
    if (at !== undefined && t - at < this.ttlMs) return false;
    this.seen.delete(id);
    this.seen.set(id, t);
    // A Map iterates in insertion order, so the first keys are the oldest.
    for (const [oldest, when] of this.seen) {
      if (this.seen.size <= this.capacity && t - when < this.ttlMs) break;
      this.seen.delete(oldest);
    }
    return true;
  }
}
