/**
 * A candidate license against the installed one: plan, features gained and lost, limits and expiry before → after.
 * "Before" is what the workspace has in effect: an installed license that does not pass the checks grants nothing.
 * Pure.
 */
import { featureName } from '../modules.js';
import { summariseLimits } from '../rules.js';
import type { LicenseVerdict, LimitKind } from '../types.js';

/** The installed license as the comparison needs it. */
export interface InstalledSide {
  fingerprint: string;
  verdict: LicenseVerdict;
}

/** One limit whose maximum changes; null means no limit of that kind. */
export interface LimitChange {
  kind: LimitKind;
  before: number | null;
  after: number | null;
}

/** What applying the candidate would change. */
export interface LicenseComparison {
  /** `none`: nothing installed; `same`: the candidate is the installed license; `other`: it replaces it. */
  installed: 'none' | 'same' | 'other';
  planBefore: string;
  planAfter: string;
  /** Feature names (Rocket.Chat's), sorted. */
  gained: string[];
  lost: string[];
  limits: LimitChange[];
  expiryBefore: string | null;
  expiryAfter: string | null;
}

const COMMUNITY = 'Community';

function effectiveModules(verdict: LicenseVerdict | undefined): Set<string> {
  return new Set(verdict?.valid ? verdict.modules : []);
}

function plan(verdict: LicenseVerdict | undefined): string {
  if (!verdict?.valid) return COMMUNITY;
  return verdict.tags.map((t) => t.name).join(' ') || 'no plan tag';
}

/** Rocket.Chat's one max per kind (rules.ts limitMax); an unlimited kind (-1) counts as no limit. */
function limitMaxima(verdict: LicenseVerdict | undefined): Map<LimitKind, number> {
  if (!verdict?.valid) return new Map();
  return new Map(summariseLimits(verdict.limits).filter(({ max }) => max >= 0).map(({ kind, max }) => [kind, max]));
}

const byName = (modules: Iterable<string>) => [...modules].map(featureName).sort((a, b) => a.localeCompare(b));

/** Compares the candidate with the installed license (undefined when none is installed). */
export function compareLicenses(installed: InstalledSide | undefined, candidate: LicenseVerdict, candidateFingerprint: string): LicenseComparison {
  const before = installed?.verdict;
  const beforeModules = effectiveModules(before);
  const afterModules = new Set(candidate.modules);
  const beforeLimits = limitMaxima(before);
  const afterLimits = limitMaxima({ ...candidate, valid: true });
  const kinds = [...new Set([...beforeLimits.keys(), ...afterLimits.keys()])];
  return {
    installed: !installed ? 'none' : installed.fingerprint === candidateFingerprint ? 'same' : 'other',
    planBefore: plan(before),
    planAfter: plan({ ...candidate, valid: true }),
    gained: byName([...afterModules].filter((m) => !beforeModules.has(m))),
    lost: byName([...beforeModules].filter((m) => !afterModules.has(m))),
    limits: kinds
      .map((kind) => ({ kind, before: beforeLimits.get(kind) ?? null, after: afterLimits.get(kind) ?? null }))
      .filter((change) => change.before !== change.after),
    expiryBefore: before?.valid ? before.validUntil : null,
    expiryAfter: candidate.validUntil,
  };
}
