/**
 * The production wrong-code limit (src/license/flow/guesses.ts DEFAULT_GUESS_LIMITS) on a test clock: five wrong codes
 * within ten minutes lock a sender out of `apply` for fifteen. The end-to-end test (test/security/apply-guessing)
 * runs the same counting with a smaller injected limit, so it needs fewer round trips through Rocket.Chat.
 */
import { describe, expect, test } from 'vitest';
import { codeGuesses, DEFAULT_GUESS_LIMITS } from '../../src/license/flow/guesses.js';

const MINUTE = 60_000;

function clocked() {
  let at = Date.parse('2026-03-01T10:00:00Z');
  const guesses = codeGuesses(() => new Date(at));
  return { guesses, advance: (ms: number) => (at += ms), at: () => at };
}

describe('wrong confirmation codes under the production limit', () => {
  test('the limit is five wrong codes in ten minutes, then fifteen minutes locked out', () => {
    expect(DEFAULT_GUESS_LIMITS).toEqual({ max: 5, windowMs: 10 * MINUTE, lockMs: 15 * MINUTE });
  });

  test('four wrong codes lock nothing; the fifth starts a lockout of fifteen minutes, reported once', () => {
    const { guesses, advance, at } = clocked();
    for (let i = 0; i < 4; i++) {
      expect(guesses.wrong('alice')).toBeUndefined();
      advance(MINUTE);
    }
    expect(guesses.lockedUntil('alice')).toBeUndefined();
    const until = guesses.wrong('alice');
    expect(until?.getTime()).toBe(at() + 15 * MINUTE);
    expect(guesses.lockedUntil('alice')).toEqual(until);
    // More wrong codes while locked out neither extend the lockout nor report it again.
    expect(guesses.wrong('alice')).toBeUndefined();
    expect(guesses.lockedUntil('alice')).toEqual(until);
    // Counted per sender.
    expect(guesses.lockedUntil('bob')).toBeUndefined();
  });

  test('the lockout ends after fifteen minutes, and the next wrong code starts a new count', () => {
    const { guesses, advance } = clocked();
    for (let i = 0; i < 5; i++) guesses.wrong('alice');
    advance(15 * MINUTE - 1);
    expect(guesses.lockedUntil('alice')).toBeDefined();
    advance(1);
    expect(guesses.lockedUntil('alice')).toBeUndefined();
    for (let i = 0; i < 4; i++) expect(guesses.wrong('alice')).toBeUndefined();
    expect(guesses.lockedUntil('alice')).toBeUndefined();
    expect(guesses.wrong('alice')).toBeDefined();
  });

  test('wrong codes older than ten minutes no longer count', () => {
    const { guesses, advance } = clocked();
    for (let i = 0; i < 4; i++) guesses.wrong('alice');
    advance(10 * MINUTE);
    expect(guesses.wrong('alice')).toBeUndefined();
    for (let i = 0; i < 3; i++) expect(guesses.wrong('alice')).toBeUndefined();
    expect(guesses.wrong('alice')).toBeDefined();
  });
});
