/**
 * Brakes on how much any one user, or any one room, can make the bot do: a fixed window per user and per room. The
 * first command over a limit gets one short "slow down" reply; the rest of that window is silence, so a flood (or a
 * loop with another bot) costs one message, not one per command. O(1) per message; memory holds only current windows.
 */

/** A limit: at most `max` commands per `windowMs`. */
export interface Rate {
  max: number;
  windowMs: number;
}

/** What to do with a command: run it, answer it with the one "slow down", or say nothing. */
export type Verdict = 'run' | 'slow-down' | 'silent';

/** Counts commands per user and per room. */
export interface Brakes {
  admit(userId: string, roomId: string): Verdict;
}

/** Defaults: far above what a person types (checking a license takes a few commands), far below a flood or a bot loop. */
export const DEFAULT_USER_RATE: Rate = { max: 30, windowMs: 60_000 };
export const DEFAULT_ROOM_RATE: Rate = { max: 120, windowMs: 60_000 };

interface Window {
  start: number;
  count: number;
  warned: boolean;
}

/** Brakes with the given rates and clock. */
export function createBrakes(options: { user?: Rate; room?: Rate; now?: () => number } = {}): Brakes {
  const user = options.user ?? DEFAULT_USER_RATE;
  const room = options.room ?? DEFAULT_ROOM_RATE;
  const now = options.now ?? Date.now;
  const windows = new Map<string, Window>();
  let lastSweep = now();

  /** Drops ended windows, at most once per the longest window: the map never outgrows the traffic of one window. */
  function sweep(at: number): void {
    const longest = Math.max(user.windowMs, room.windowMs);
    if (at - lastSweep < longest) return;
    lastSweep = at;
    for (const [key, w] of windows) if (at - w.start >= longest) windows.delete(key);
  }

  function count(key: string, rate: Rate, at: number): Window {
    let w = windows.get(key);
    if (!w || at - w.start >= rate.windowMs) {
      w = { start: at, count: 0, warned: false };
      windows.set(key, w);
    }
    w.count++;
    return w;
  }

  return {
    admit(userId, roomId) {
      const at = now();
      sweep(at);
      const u = count(`user:${userId}`, user, at);
      const r = count(`room:${roomId}`, room, at);
      const over = [u.count > user.max ? u : undefined, r.count > room.max ? r : undefined].filter((w): w is Window => w !== undefined);
      if (over.length === 0) return 'run';
      if (over.every((w) => w.warned)) return 'silent';
      for (const w of over) w.warned = true;
      return 'slow-down';
    },
  };
}
