/**
 * Rocket.Chat 6.5+ license validation (ee/packages/license/src/validation: runValidation = URL + periods + limits,
 * validateLimit, getResultingBehavior, getModulesToDisable) as a pure function of the license and the workspace.
 */
import { createHash } from 'node:crypto';
import type { BehaviorWithContext, ILicenseV3, LicenseBehavior, LicenseLimitKind } from '@rocket.chat/core-typings';

/** The six limit counters Rocket.Chat registers before it validates any license. */
export type RcLicenseCounters = Record<LicenseLimitKind, number>;

/** What a validation run looks at besides the license. */
export interface RcValidationContext {
  /** Setting Site_Url as stored; Rocket.Chat strips the scheme and one trailing slash. */
  siteUrl: string | undefined;
  counters: RcLicenseCounters;
  now: Date;
  /** Which behaviours to evaluate; Rocket.Chat's apply path uses the four below. */
  behaviors?: readonly LicenseBehavior[];
  /** Only some limit kinds (licenses.info's preventedActions checks one kind at a time). */
  limits?: readonly LicenseLimitKind[];
  /** prevent_installation counts only for a license being installed. */
  isNewLicense?: boolean;
}

/** Rocket.Chat's verdict: the triggered behaviours, whether the license stands, and what it then enables. */
export interface RcValidation {
  valid: boolean;
  behaviors: BehaviorWithContext[];
  /** Granted modules minus those disabled by a disable_modules behaviour (empty when invalid). */
  modules: string[];
}

/** The behaviours Rocket.Chat evaluates when it installs or revalidates a license. */
export const APPLY_BEHAVIORS: readonly LicenseBehavior[] = ['invalidate_license', 'start_fair_policy', 'prevent_installation', 'disable_modules'];

/** The workspace URL as LicenseManager.setWorkspaceUrl stores it. */
export function workspaceUrl(siteUrl: string | undefined): string | undefined {
  if (!siteUrl) return undefined;
  return siteUrl.replace(/\/$/, '').replace(/^https?:\/\/(.*)$/, '$1');
}

// isItemAllowed.ts isBehaviorAllowed: the allow-list, and prevent_installation only for a license being applied.
function behaviorAllowed(behavior: LicenseBehavior, context: RcValidationContext): boolean {
  const allowed = !context.behaviors || context.behaviors.includes(behavior);
  return allowed && (Boolean(context.isNewLicense) || behavior !== 'prevent_installation');
}

function resulting(
  data: { behavior?: LicenseBehavior; invalidBehavior?: LicenseBehavior; modules?: string[] },
  reason: BehaviorWithContext['reason'],
  limit?: LicenseLimitKind,
): BehaviorWithContext {
  const behavior = (data.invalidBehavior ?? data.behavior) as LicenseBehavior;
  if (behavior === 'disable_modules') return { behavior, modules: data.modules ?? [], reason, limit } as BehaviorWithContext;
  return { behavior, reason, limit } as BehaviorWithContext;
}

function urlMatches(entry: { value: string; type: string }, url: string): boolean {
  switch (entry.type) {
    case 'regex': {
      const pattern = entry.value.replace(/\./g, '\\.').replace(/\*/g, '.*');
      return new RegExp(`^${pattern}$`, 'i').test(url);
    }
    // 7.x/8.x compare a SHA-256 hex digest; the first 6.5 releases used bcrypt here.
    case 'hash':
      return entry.value === createHash('sha256').update(url).digest('hex');
    case 'url':
      return entry.value.toLowerCase() === url.toLowerCase();
    default:
      return true;
  }
}

function validateUrl(license: ILicenseV3, context: RcValidationContext): BehaviorWithContext[] {
  if (!behaviorAllowed('invalidate_license', context)) return [];
  const url = workspaceUrl(context.siteUrl);
  if (!url) return [resulting({ behavior: 'invalidate_license' }, 'url')];
  // One behaviour per entry that does not match: every serverUrls entry must match.
  return license.validation.serverUrls.filter((entry) => !urlMatches(entry, url)).map(() => resulting({ behavior: 'invalidate_license' }, 'url'));
}

function validatePeriods(license: ILicenseV3, context: RcValidationContext): BehaviorWithContext[] {
  const now = context.now.getTime();
  return license.validation.validPeriods
    .filter(({ validFrom, validUntil, invalidBehavior }) => {
      if (!behaviorAllowed(invalidBehavior, context)) return false;
      return Boolean((validFrom && now < new Date(validFrom).getTime()) || (validUntil && now > new Date(validUntil).getTime()));
    })
    .map((period) => resulting(period, 'period'));
}

/** validation/validateLimit.ts (current count, extraCount 0): when a counter value reaches a limit of the given behaviour. */
export function limitReached(max: number, value: number, behavior: LicenseBehavior): boolean {
  switch (behavior) {
    case 'start_fair_policy':
    case 'prevent_action':
      return value >= max;
    default:
      return value > max;
  }
}

/** Evaluates `limits` (the license's, or Rocket.Chat's defaults when there is none) against the counters. */
export function validateLimits(limits: ILicenseV3['limits'], context: RcValidationContext): BehaviorWithContext[] {
  const kinds = (Object.keys(limits) as LicenseLimitKind[]).filter((kind) => !context.limits || context.limits.includes(kind));
  return kinds.flatMap((kind) => {
    // max -1 means unlimited: such entries never trigger.
    const list = (limits[kind] ?? []).filter(({ behavior, max }) => max >= 0 && behaviorAllowed(behavior, context));
    const value = context.counters[kind];
    return list.filter(({ max, behavior }) => limitReached(max, value, behavior)).map((limit) => resulting(limit, 'limit', kind));
  });
}

/**
 * Runs Rocket.Chat's validation of a decoded license against a workspace: license.ts validateLicense throws (invalid)
 * only when invalidate_license or prevent_installation is in the result; getModulesToDisable.ts removes the modules of
 * triggered disable_modules rules from the granted ones.
 */
export function rcValidateLicense(license: ILicenseV3, context: RcValidationContext): RcValidation {
  const scoped: RcValidationContext = { ...context, behaviors: context.behaviors ?? APPLY_BEHAVIORS };
  const behaviors = [...validateUrl(license, scoped), ...validatePeriods(license, scoped), ...validateLimits(license.limits, scoped)];
  const valid = !behaviors.some(({ behavior }) => behavior === 'invalidate_license' || behavior === 'prevent_installation');
  const disabled = new Set(behaviors.filter(({ behavior }) => behavior === 'disable_modules').flatMap(({ modules }) => modules ?? []));
  const modules = valid ? license.grantedModules.map(({ module }) => module).filter((module) => !disabled.has(module as never)) : [];
  return { valid, behaviors, modules };
}
