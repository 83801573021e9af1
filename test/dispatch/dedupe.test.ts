import { describe, expect, test } from 'vitest';
import { SeenMessages } from '../../src/dispatch/dedupe.js';

describe('dedupe by message id', () => {
  test('an id is new once, then seen until it expires', () => {
    let now = 0;
    const seen = new SeenMessages(100, 1_000, () => now);
    expect(seen.firstSighting('a')).toBe(true);
    expect(seen.firstSighting('a')).toBe(false);
    now = 999;
    expect(seen.firstSighting('a')).toBe(false);
    now = 2_500;
    expect(seen.firstSighting('a')).toBe(true);
  });

  test('the oldest ids are forgotten beyond capacity', () => {
    const seen = new SeenMessages(3, 60_000, () => 0);
    for (const id of ['a', 'b', 'c', 'd']) expect(seen.firstSighting(id)).toBe(true);
    expect(seen.firstSighting('d')).toBe(false);
    expect(seen.firstSighting('a')).toBe(true);
  });
});
