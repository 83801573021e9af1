/**
 * Batched, bounded-memory writing: documents are buffered per collection and sent with unordered
 * `insertMany`; at most `maxInFlight` batches are on the wire at once, so generation pauses
 * (back-pressure) instead of piling up documents when the server is the bottleneck.
 */
import type { Db, Document } from 'mongodb';

export class Writer {
  readonly counts: Record<string, number> = {};
  private readonly buffers = new Map<string, Document[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;

  constructor(
    private readonly db: Db,
    private readonly batchSize = 5000,
    private readonly maxInFlight = 3,
  ) {}

  /** Buffers a document; resolves at once unless a batch had to wait for the wire. */
  add(collection: string, doc: Document): Promise<void> | undefined {
    let buffer = this.buffers.get(collection);
    if (!buffer) {
      buffer = [];
      this.buffers.set(collection, buffer);
    }
    buffer.push(doc);
    return buffer.length >= this.batchSize ? this.flush(collection) : undefined;
  }

  async addAll(collection: string, docs: readonly Document[]): Promise<void> {
    for (const doc of docs) await this.add(collection, doc);
  }

  private async flush(collection: string): Promise<void> {
    const docs = this.buffers.get(collection);
    if (!docs || docs.length === 0) return;
    this.buffers.set(collection, []);
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    this.counts[collection] = (this.counts[collection] ?? 0) + docs.length;
    const write = this.db
      .collection(collection)
      .insertMany(docs, { ordered: false, ignoreUndefined: true })
      .then(
        () => undefined,
        (error: unknown) => {
          this.failure ??= error;
        },
      )
      .finally(() => this.inFlight.delete(write));
    this.inFlight.add(write);
  }

  /** Writes what is left and waits for every batch; rethrows the first failed batch's error. */
  async close(): Promise<void> {
    for (const collection of [...this.buffers.keys()]) await this.flush(collection);
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }
}
