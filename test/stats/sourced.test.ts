import { describe, expect, it } from 'vitest';
import { fromSnapshot } from '../../src/stats/sourced.js';
import type { CollectContext } from '../../src/stats/types.js';

const createdAt = new Date('2026-11-25T09:12:00Z');
const ctx = (doc: Record<string, unknown> | undefined) =>
  ({ snapshot: doc ? { doc, createdAt } : undefined }) as unknown as CollectContext;

describe('a value taken from the last snapshot', () => {
  it('is marked with the snapshot date', () => {
    expect(fromSnapshot(ctx({ totalMessages: 12 }), (d) => d.totalMessages)).toEqual({ value: 12, source: 'snapshot', asOf: createdAt });
  });

  it.each([
    ['absent', {}],
    ['null', { totalMessages: null }],
    ['NaN, as Rocket.Chat stores a total over a room without msgs', { totalMessages: Number.NaN }],
  ])('is unavailable when the snapshot has it %s', (_, doc) => {
    expect(fromSnapshot(ctx(doc), (d) => d.totalMessages)).toEqual({ value: null, source: 'unavailable' });
  });

  it('is unavailable without a snapshot', () => {
    expect(fromSnapshot(ctx(undefined), (d) => d.totalMessages)).toEqual({ value: null, source: 'unavailable' });
  });
});
