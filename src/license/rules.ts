/**
 * Rocket.Chat's license rules, defined once: the behaviours, the limit kinds and their labels, when a limit counts as
 * reached, which behaviours invalidate a license, what a triggered behaviour does, one maximum per kind, and the
 * bot's own warning thresholds. The verifier, the License card, the DM flow's cards and the daily post all read them
 * from here. Sources: RocketChat/Rocket.Chat ee/packages/license/src (cited per rule).
 */
import { z } from 'zod';
import type { LimitVerdict } from './types.js';

/** What Rocket.Chat does when a rule of the license is broken (core-typings LicenseBehavior). */
export const licenseBehaviorSchema = z.enum([
  'invalidate_license',
  'start_fair_policy',
  'prevent_action',
  'allow_action',
  'prevent_installation',
  'disable_modules',
]);
export type LicenseBehavior = z.infer<typeof licenseBehaviorSchema>;

/** The counters a license can limit (core-typings LicenseLimitKind; every one has a counter, getCurrentValueForLicenseLimit.ts). */
export const limitKindSchema = z.enum(['activeUsers', 'guestUsers', 'roomsPerGuest', 'privateApps', 'marketplaceApps', 'monthlyActiveContacts']);
export type LimitKind = z.infer<typeof limitKindSchema>;
export const LIMIT_KINDS: readonly LimitKind[] = limitKindSchema.options;

interface LimitKindInfo {
  /** Card label. */
  label: string;
  /** What is counted, in a sentence ("812 active users (seats)"). */
  noun: string;
  /** What Rocket.Chat stops once a prevent_action limit of this kind is reached. */
  blocked: string;
  /**
   * Rocket.Chat counts it per guest, only when a guest joins a room (startup.ts: the roomsPerGuest counter is
   * `Subscriptions.countByUserId(userId)` with a guest, 0 without): a license check sees 0.
   */
  perGuest?: true;
}

/** Labels and effects per limit kind. */
export const LIMIT_KIND_INFO: Record<LimitKind, LimitKindInfo> = {
  activeUsers: { label: 'Seats (active users)', noun: 'active users (seats)', blocked: 'new users are blocked' },
  guestUsers: { label: 'Guest users', noun: 'active guests', blocked: 'new guests are blocked' },
  roomsPerGuest: { label: 'Rooms per guest', noun: 'rooms per guest', blocked: 'a guest at the limit cannot join more rooms', perGuest: true },
  privateApps: { label: 'Private apps', noun: 'enabled private apps', blocked: 'no more private apps can be enabled' },
  marketplaceApps: { label: 'Marketplace apps', noun: 'enabled marketplace apps', blocked: 'no more marketplace apps can be enabled' },
  monthlyActiveContacts: {
    label: 'Monthly active contacts',
    noun: 'monthly active contacts',
    blocked: 'conversations with new omnichannel contacts are blocked this month',
  },
};

/**
 * validateLimit.ts (current count, no extra): `>` for invalidate_license, prevent_installation, disable_modules (and
 * anything else); `>=` for start_fair_policy and for prevent_action.
 */
export function limitReached(max: number, value: number, behavior: LicenseBehavior): boolean {
  switch (behavior) {
    case 'start_fair_policy':
    case 'prevent_action':
      return value >= max;
    case 'allow_action':
      return false;
    default:
      return value > max;
  }
}

/**
 * license.ts validateLicense: a license is refused only when a triggered rule's behaviour is invalidate_license or
 * prevent_installation; isItemAllowed.ts isBehaviorAllowed drops prevent_installation unless the license is being
 * newly applied (startup applies the stored license with isNewLicense false).
 */
export function invalidates(behavior: LicenseBehavior, isNewLicense: boolean): boolean {
  return behavior === 'invalidate_license' || (behavior === 'prevent_installation' && isNewLicense);
}

/** What a triggered behaviour that does not invalidate does (getModulesToDisable.ts for disable_modules). */
export function effectOf(behavior: LicenseBehavior, kind: LimitKind | undefined, modules: readonly string[] = []): string {
  switch (behavior) {
    case 'prevent_action':
      return kind ? LIMIT_KIND_INFO[kind].blocked : 'Rocket.Chat blocks the actions the license limits';
    case 'start_fair_policy':
      return 'Rocket.Chat starts its fair-use policy (it reports the overuse to Cloud)';
    case 'disable_modules':
      return modules.length ? `Rocket.Chat turns off ${modules.join(', ')}` : 'Rocket.Chat turns off the modules the rule names (none)';
    case 'prevent_installation':
      return 'a license being applied would be refused';
    case 'invalidate_license':
      return 'Rocket.Chat invalidates the license';
    default:
      return 'nothing is blocked';
  }
}

/** deprecated.ts getLicenseLimit: the one maximum Rocket.Chat shows per kind is the smallest entry; -1 without entries. */
export function limitMax(entries: readonly { max: number }[]): number {
  return entries.length ? Math.min(...entries.map(({ max }) => max)) : -1;
}

/** Days before the end of validity from which the bot warns (its own threshold). */
export const EXPIRY_WARNING_DAYS = 30;
/** Share of a limit in use from which the bot warns (Rocket.Chat's seats card turns red at 80 %). */
export const USAGE_WARNING_RATIO = 0.8;

/** How a limit's use reads on a card. */
export type UsageLevel = 'ok' | 'warning' | 'danger';

/** danger once a rule of the kind is reached (seats full under prevent_action: new users blocked), warning from 80 %. */
export function usageLevel(value: number, max: number, reached: boolean): UsageLevel {
  if (reached) return 'danger';
  if (max < 0) return 'ok';
  return (max === 0 ? 1 : value / max) >= USAGE_WARNING_RATIO ? 'warning' : 'ok';
}

/** The seats of the daily post, which keeps only the maximum: full at equality, as prevent_action (every v2 license) blocks. */
export function seatsLevel(used: number, max: number): UsageLevel {
  return usageLevel(used, max, max >= 0 && limitReached(max, used, 'prevent_action'));
}

/** One limit kind as the cards show it: Rocket.Chat's one maximum, the current value, and what is triggered. */
export interface LimitSummary {
  kind: LimitKind;
  /** The smallest entry (limitMax); -1 means unlimited. */
  max: number;
  value?: number;
  /** The behaviours of this kind whose rule is reached at the current value. */
  reached: LicenseBehavior[];
}

/** Groups a verdict's limit entries by kind, in the order of LIMIT_KINDS. */
export function summariseLimits(limits: readonly LimitVerdict[]): LimitSummary[] {
  return LIMIT_KINDS.flatMap((kind) => {
    const entries = limits.filter((limit) => limit.kind === kind);
    if (!entries.length) return [];
    const value = entries.find((limit) => limit.value !== undefined)?.value;
    const reached = [...new Set(entries.filter((limit) => limit.reached).map((limit) => limit.behavior))];
    return [{ kind, max: limitMax(entries), ...(value !== undefined && { value }), reached }];
  });
}
