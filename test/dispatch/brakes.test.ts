/**
 * The brakes' counting (src/dispatch/brakes.ts) with a clock the test moves: `max` commands run, the next gets the one
 * "slow down", the rest of the window is silent, and a new window starts afresh. The end-to-end flood through the bot
 * is test/security/brakes.db.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { createBrakes, type Verdict } from '../../src/dispatch/brakes.js';

describe('brakes', () => {
  test('a user: max commands run, one slow-down, then silence until the window ends', () => {
    let at = 0;
    const brakes = createBrakes({ user: { max: 3, windowMs: 60_000 }, room: { max: 1_000, windowMs: 60_000 }, now: () => at });
    const verdicts: Verdict[] = [];
    for (let i = 0; i < 6; i++) verdicts.push(brakes.admit('u1', `room-${i}`));
    expect(verdicts).toEqual(['run', 'run', 'run', 'slow-down', 'silent', 'silent']);
    // Another user is counted apart.
    expect(brakes.admit('u2', 'room-0')).toBe('run');
    at = 59_999;
    expect(brakes.admit('u1', 'room-0')).toBe('silent');
    at = 60_000;
    expect(brakes.admit('u1', 'room-0')).toBe('run');
  });

  test('a room: many users together cross its limit; the slow-down is said once for the room', () => {
    let at = 0;
    const brakes = createBrakes({ user: { max: 1_000, windowMs: 60_000 }, room: { max: 2, windowMs: 10_000 }, now: () => at });
    const verdicts = ['a', 'b', 'c', 'd'].map((user) => brakes.admit(user, 'busy'));
    expect(verdicts).toEqual(['run', 'run', 'slow-down', 'silent']);
    expect(brakes.admit('a', 'quiet')).toBe('run');
    at = 10_000;
    expect(brakes.admit('e', 'busy')).toBe('run');
  });

  test('a user over their limit in a room over its own: one slow-down covers both', () => {
    const brakes = createBrakes({ user: { max: 1, windowMs: 60_000 }, room: { max: 1, windowMs: 60_000 }, now: () => 0 });
    expect([brakes.admit('u', 'r'), brakes.admit('u', 'r'), brakes.admit('u', 'r')]).toEqual(['run', 'slow-down', 'silent']);
    // The room's window was warned along with the user's: another user there is silent too.
    expect(brakes.admit('v', 'r')).toBe('silent');
  });
});
