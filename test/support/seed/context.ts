/** What every generator receives: the options resolved once, and time arithmetic relative to `now`. */
import type { SeedPlan } from './plan.js';

/** The resolved options of one seeding run. */
export interface SeedContext {
  seed: number;
  now: Date;
  rcVersion: string;
  siteUrl: string;
  license: string | undefined;
  plan: SeedPlan;
  /** First boot of the workspace: `uniqueID.createdAt`, the oldest user and room. */
  installedAt: Date;
}

/** A user as messages and subscriptions embed it (`u`). */
export interface UserRef {
  _id: string;
  username: string;
  name: string;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The workspace is this old at `now`: long enough for a year of daily statistics and monthly activity. */
export const WORKSPACE_AGE = 420 * DAY;

export function ago(ctx: SeedContext, ms: number): Date {
  return new Date(ctx.now.getTime() - ms);
}

/** A date between `from` and `to`, `fraction` of the way. */
export function between(from: Date, to: Date, fraction: number): Date {
  return new Date(Math.round(from.getTime() + (to.getTime() - from.getTime()) * fraction));
}

/** `Date.toString()` of a server running in UTC (Rocket.Chat's Docker image), independent of this machine's zone. */
export function serverDateString(date: Date): string {
  const [weekday, day, month, year] = date.toUTCString().replace(',', '').split(' ');
  const time = date.toISOString().slice(11, 19);
  return `${weekday} ${month} ${day} ${year} ${time} GMT+0000 (Coordinated Universal Time)`;
}

/** `YYYY-MM` in UTC, the format of `v.activity` on omnichannel rooms and visitors. */
export function yearMonth(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The latest of some dates. */
export function latest(first: Date, ...rest: Date[]): Date {
  return new Date(Math.max(first.getTime(), ...rest.map((d) => d.getTime())));
}
