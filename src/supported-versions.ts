/**
 * The Rocket.Chat and MongoDB versions the bot supports, for the deployment kit and its checks. Rocket.Chat: from the
 * oldest release whose numbers the fidelity tests compare with Rocket.Chat's own code (test/stats/fidelity.db.test.ts)
 * to the newest whose semantics the engine knows. MongoDB: the majors the production queries are written for
 * (shared DESIGN: "MongoDB 5–8").
 */
import { NEWEST_KNOWN_VERSION, parseRcVersion, type RcVersion } from './stats/version.js';

export const SUPPORTED_ROCKETCHAT = { oldest: '6.3.0', newest: NEWEST_KNOWN_VERSION } as const;
export const SUPPORTED_MONGODB_MAJORS = [5, 6, 7, 8] as const;

function compare(a: RcVersion, b: RcVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** Whether a Rocket.Chat version is in the supported range (a newer patch of the newest known minor counts). */
export function isSupportedRocketChat(text: string): boolean {
  const version = parseRcVersion(text);
  const oldest = parseRcVersion(SUPPORTED_ROCKETCHAT.oldest) as RcVersion;
  const newest = parseRcVersion(SUPPORTED_ROCKETCHAT.newest) as RcVersion;
  if (!version) return false;
  return compare(version, oldest) >= 0 && compare({ ...version, patch: 0 }, { ...newest, patch: 0 }) <= 0;
}

/** Whether a MongoDB version (e.g. `8.0`, `7.0.14`) is of a supported major. */
export function isSupportedMongoDb(text: string): boolean {
  const major = Number(/^(\d+)\./.exec(text)?.[1]);
  return (SUPPORTED_MONGODB_MAJORS as readonly number[]).includes(major);
}

/**
 * The oldest MongoDB a Rocket.Chat major starts on: 8.x exits at start below 7.0
 * (apps/meteor/server/startup/serverRunning.ts: `semver.satisfies(mongoSemver, '<7.0.0')` → "PLEASE UPGRADE TO VERSION
 * 7.0 OR LATER", as read on Rocket.Chat's development branch of the 8.x line). For older releases the bot's own range
 * (from 5) is the bound used here.
 */
export function minimumMongoDbFor(rocketChat: string): number {
  return (parseRcVersion(rocketChat)?.major ?? 0) >= 8 ? 7 : 5;
}
