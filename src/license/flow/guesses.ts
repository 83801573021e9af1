/**
 * Wrong confirmation codes, per sender (security review finding 8: 60 unknown codes in 2 s were each answered and each
 * written to the audit). A sender who names MAX_WRONG codes that are not theirs within WINDOW_MS is locked out of
 * `apply` for LOCK_MS; the lockout, not each wrong code, is what the audit records. Kept in the process: guessing is
 * already hopeless (31⁶ codes, each valid for one sender and ten minutes), the lockout only keeps it from costing the bot
 * work and the audit noise. Bounded: one entry per sender who got a code wrong, dropped once its window has passed.
 */

/** How many wrong codes, over how long, lock a sender out for how long. */
export interface GuessLimits {
  max: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_GUESS_LIMITS: GuessLimits = { max: 5, windowMs: 10 * 60_000, lockMs: 15 * 60_000 };

/** The wrong codes each sender named. */
export interface CodeGuesses {
  readonly limits: GuessLimits;
  /** The end of the sender's lockout, or undefined when they may try a code. */
  lockedUntil(userId: string): Date | undefined;
  /** Counts a wrong code; returns the lockout's end when this one started it (the moment to audit), else undefined. */
  wrong(userId: string): Date | undefined;
}

interface Tally {
  windowStart: number;
  count: number;
  lockedUntil?: number;
}

/** Wrong-code counting on the flow's clock. */
export function codeGuesses(now: () => Date, limits: GuessLimits = DEFAULT_GUESS_LIMITS): CodeGuesses {
  const tallies = new Map<string, Tally>();
  const current = (userId: string, at: number): Tally | undefined => {
    const tally = tallies.get(userId);
    if (!tally) return undefined;
    const locked = tally.lockedUntil !== undefined && at < tally.lockedUntil;
    if (!locked && at - tally.windowStart >= limits.windowMs) {
      tallies.delete(userId);
      return undefined;
    }
    return tally;
  };
  return {
    limits,
    lockedUntil(userId) {
      const at = now().getTime();
      const until = current(userId, at)?.lockedUntil;
      return until !== undefined && at < until ? new Date(until) : undefined;
    },
    wrong(userId) {
      const at = now().getTime();
      const tally = current(userId, at) ?? { windowStart: at, count: 0 };
      // A lockout that has run out starts a new window.
      if (tally.lockedUntil !== undefined && at >= tally.lockedUntil) Object.assign(tally, { windowStart: at, count: 0, lockedUntil: undefined });
      tally.count++;
      tallies.set(userId, tally);
      if (tally.count < limits.max || tally.lockedUntil !== undefined) return undefined;
      tally.lockedUntil = at + limits.lockMs;
      return new Date(tally.lockedUntil);
    },
  };
}
