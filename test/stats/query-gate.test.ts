/** The query gate's order: long queries are granted first, also within one burst of requests, equals in arrival order. */
import { describe, expect, it } from 'vitest';
import { QueryGate } from '../../src/stats/query-gate.js';

/** Asks the gate for a slot under `name` and records the grant, holding the slot until released. */
function asker(gate: QueryGate, granted: string[]) {
  return (name: string, long = false) => gate.acquire(long).then(() => void granted.push(name));
}

describe('the statistics query gate', () => {
  it('starts the long query of a burst first, even when a short one asked before it', async () => {
    const gate = new QueryGate(1);
    const granted: string[] = [];
    const ask = asker(gate, granted);
    const all = [ask('short 1'), ask('short 2'), ask('long', true)];
    await all[2];
    expect(granted).toEqual(['long']);
    gate.release();
    await all[0];
    gate.release();
    await all[1];
    expect(granted).toEqual(['long', 'short 1', 'short 2']);
  });

  it('hands a freed slot to a waiting long query before earlier short ones', async () => {
    const gate = new QueryGate(1);
    const granted: string[] = [];
    const ask = asker(gate, granted);
    await ask('first');
    const later = [ask('short'), ask('long', true)];
    gate.release();
    await later[1];
    expect(granted).toEqual(['first', 'long']);
    gate.release();
    await later[0];
    expect(granted).toEqual(['first', 'long', 'short']);
  });

  it('grants as many slots at once as its width', async () => {
    const gate = new QueryGate(2);
    const granted: string[] = [];
    const ask = asker(gate, granted);
    const all = [ask('a'), ask('b'), ask('c')];
    await Promise.all(all.slice(0, 2));
    expect(granted).toEqual(['a', 'b']);
    gate.release();
    await all[2];
    expect(granted).toEqual(['a', 'b', 'c']);
  });
});
