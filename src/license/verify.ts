/**
 * The license verifier: reads a license (v2 or v3), checks its signature, validity periods, server URLs and limits
 * against the workspace as Rocket.Chat's LicenseManager does (ee/packages/license/src/license.ts validateLicense,
 * validation/*), and gives a verdict with reasons (what invalidates it) and warnings (triggered rules that leave it
 * valid). Used by the License card, `infobot license check`, the DM apply flow and the daily post. It never logs, and
 * never puts the license text into a message or an error.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { type DecodedLicense, decodeLicense, LicenseReadError } from './decode.js';
import { ROCKETCHAT_LICENSE_PUBLIC_KEY } from './public-key.js';
import { effectOf, invalidates, LIMIT_KIND_INFO, limitReached } from './rules.js';
import type { LicenseBehavior, LicenseTag, LicenseV3, LicenseVerdict, LimitKind, LimitVerdict, VerdictReason } from './types.js';
import { matchesServerUrl, workspaceUrlOf } from './url-rules.js';

/** What the verdict is judged against; anything left out is not checked (except the URL, see below). */
export interface VerifyContext {
  /** Site_Url of the workspace; without it Rocket.Chat keeps the license pending (isReadyForValidation.ts). */
  siteUrl?: string;
  /** Current values of Rocket.Chat's limit counters (license/counters.ts); a kind left out is shown but not judged. */
  counters?: Partial<Record<LimitKind, number>>;
  /**
   * A license being applied (the DM flow, `license check`): prevent_installation rules count. The installed license
   * (License card, daily post) is judged as Rocket.Chat's startup does, with isNewLicense false.
   */
  isNewLicense?: boolean;
  now?: Date;
  /** PEM public key; Rocket.Chat's published key by default. */
  publicKeyPem?: string;
  /** Rocket.Chat version (`X.Y[.Z]`) whose rules apply: v3 readable from 6.5, modules a v2 license grants. Default: the newest. */
  rcVersion?: string;
}

// The newest Rocket.Chat major whose license rules the verifier knows.
const NEWEST_RULES = { major: 8, minor: 8 };

function rulesVersion(text: string | undefined): { major: number; minor: number } {
  const match = /^v?(\d+)\.(\d+)/.exec(text ?? '');
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : NEWEST_RULES;
}

/** The license public key is not a usable PEM key (a configuration problem, not the license's). */
export class LicensePublicKeyError extends Error {}

/** SHA-256 hex of the license text without surrounding whitespace: how audits and comparisons name a license. */
export function licenseFingerprint(text: string): string {
  return createHash('sha256').update(text.trim()).digest('hex');
}

function unreadable(code: VerdictReason['code'], message: string): LicenseVerdict {
  return {
    status: 'unreadable',
    valid: false,
    reasons: [{ code, message }],
    warnings: [],
    version: null,
    tags: [],
    modules: [],
    disabledModules: [],
    limits: [],
    validFrom: null,
    validUntil: null,
    serverUrls: [],
    trial: false,
  };
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function validDate(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

interface PeriodOutcome {
  reasons: VerdictReason[];
  warnings: VerdictReason[];
  disabledModules: Set<string>;
  validFrom: Date | undefined;
  validUntil: Date | undefined;
}

function periodWarning(behavior: LicenseBehavior, modules: readonly string[] | undefined): VerdictReason {
  return { code: 'period', message: `A validity period of the license is over or not started: ${effectOf(behavior, undefined, modules)}.` };
}

// validation/validateLicensePeriods.ts: a period outside its dates triggers its invalidBehavior; only invalidating ones
// (rules.ts invalidates) make the license invalid, and their window is the one the card shows.
function judgePeriods(decoded: DecodedLicense, now: Date, isNewLicense: boolean): PeriodOutcome {
  const outcome: PeriodOutcome = { reasons: [], warnings: [], disabledModules: new Set(), validFrom: decoded.notBefore, validUntil: decoded.expiresAt };
  const later = (a: Date | undefined, b: Date | undefined) => (a && b ? (a > b ? a : b) : (a ?? b));
  const earlier = (a: Date | undefined, b: Date | undefined) => (a && b ? (a < b ? a : b) : (a ?? b));
  for (const period of decoded.license.validation.validPeriods) {
    const from = validDate(period.validFrom);
    const until = validDate(period.validUntil);
    if (invalidates(period.invalidBehavior, isNewLicense)) {
      outcome.validFrom = later(outcome.validFrom, from);
      outcome.validUntil = earlier(outcome.validUntil, until);
      continue;
    }
    const broken = (from !== undefined && now < from) || (until !== undefined && now > until);
    if (!broken || period.invalidBehavior === 'allow_action' || period.invalidBehavior === 'prevent_installation') continue;
    if (period.invalidBehavior === 'disable_modules') for (const module of period.modules ?? []) outcome.disabledModules.add(module);
    outcome.warnings.push(periodWarning(period.invalidBehavior, period.modules));
  }
  if (outcome.validFrom && now < outcome.validFrom) {
    outcome.reasons.push({
      code: 'period',
      message: `The license is not valid yet: it starts on ${isoDay(outcome.validFrom)}. Apply it from that day on.`,
    });
  }
  if (outcome.validUntil && now > outcome.validUntil) {
    outcome.reasons.push({
      code: 'period',
      message: `The license expired on ${isoDay(outcome.validUntil)}: get a renewed license from the Cloud Console.`,
    });
  }
  return outcome;
}

// validation/validateLicenseUrl.ts: every serverUrls entry must match; a mismatch is invalidate_license.
async function judgeUrls(license: LicenseV3, siteUrl: string): Promise<VerdictReason[]> {
  const workspaceUrl = workspaceUrlOf(siteUrl);
  const reasons: VerdictReason[] = [];
  for (const rule of license.validation.serverUrls) {
    let matches: boolean;
    try {
      matches = await matchesServerUrl(rule, workspaceUrl);
    } catch (error) {
      reasons.push({ code: 'url', message: `A server URL rule could not be checked: ${(error as Error).message}.` });
      continue;
    }
    if (matches) continue;
    const shown = rule.type === 'hash' ? 'a hashed URL' : `"${rule.value}" (${rule.type})`;
    reasons.push({
      code: 'url',
      message: `The license is for ${shown}, not for this workspace (${workspaceUrl}): ask for a license issued for this site URL.`,
    });
  }
  return reasons;
}

interface LimitOutcome {
  limits: LimitVerdict[];
  reasons: VerdictReason[];
  warnings: VerdictReason[];
  disabledModules: Set<string>;
}

// validation/validateLimits.ts + validateLimit.ts: entries with max -1 never trigger; each behaviour has its threshold
// (rules.ts limitReached). prevent_action is judged as shouldPreventAction judges the current count.
function judgeLimits(license: LicenseV3, counters: Partial<Record<LimitKind, number>>, isNewLicense: boolean): LimitOutcome {
  const outcome: LimitOutcome = { limits: [], reasons: [], warnings: [], disabledModules: new Set() };
  for (const [kind, entries] of Object.entries(license.limits) as [LimitKind, LicenseV3['limits'][LimitKind]][]) {
    const value = counters[kind];
    for (const entry of entries ?? []) {
      const evaluated = entry.behavior !== 'prevent_installation' || isNewLicense;
      const reached = value !== undefined && entry.max >= 0 && evaluated && limitReached(entry.max, value, entry.behavior);
      outcome.limits.push({ kind, max: entry.max, behavior: entry.behavior, ...(value !== undefined && { value, reached }) });
      if (!reached) continue;
      const { noun } = LIMIT_KIND_INFO[kind];
      if (invalidates(entry.behavior, isNewLicense)) {
        outcome.reasons.push({
          code: 'limit',
          message: `Limit exceeded: ${value} ${noun}, the license allows ${entry.max}; ${effectOf(entry.behavior, kind)}. Deactivate some or get a larger license.`,
        });
        continue;
      }
      if (entry.behavior === 'disable_modules') for (const module of entry.modules ?? []) outcome.disabledModules.add(module);
      const over = entry.behavior === 'prevent_action' && value === entry.max ? 'Limit reached' : 'Limit exceeded';
      outcome.warnings.push({
        code: 'limit',
        message: `${over}: ${value} ${noun}, the license allows ${entry.max}; ${effectOf(entry.behavior, kind, entry.modules)}. The license stays valid.`,
      });
    }
  }
  return outcome;
}

function tagsOf(license: LicenseV3): LicenseTag[] {
  return (license.information.tags ?? []).map(({ name, color }) => ({ name, color }));
}

/** Judges a license text for a workspace. Never throws for bad input: an unreadable license is a verdict too. */
export async function verifyLicense(text: string, context: VerifyContext = {}): Promise<LicenseVerdict> {
  const publicKeyPem = context.publicKeyPem ?? ROCKETCHAT_LICENSE_PUBLIC_KEY;
  try {
    createPublicKey(publicKeyPem);
  } catch {
    throw new LicensePublicKeyError(
      'The license public key is not a valid PEM public key: check INFOBOT_LICENSE_PUBLIC_KEY (PEM text or the path of a .pem file).',
    );
  }
  let decoded: DecodedLicense;
  try {
    decoded = decodeLicense(text, publicKeyPem, rulesVersion(context.rcVersion));
  } catch (error) {
    if (error instanceof LicenseReadError) return unreadable(error.code, error.message);
    throw error;
  }
  const now = context.now ?? new Date();
  const isNewLicense = context.isNewLicense ?? false;
  const { license } = decoded;
  const periods = judgePeriods(decoded, now, isNewLicense);
  // isReadyForValidation.ts: without a workspace URL Rocket.Chat does not validate, it keeps the license pending.
  const pending: VerdictReason[] = context.siteUrl
    ? []
    : [
        {
          code: 'pending',
          message: "The workspace's Site_Url is not set: Rocket.Chat keeps the license pending, granting nothing, until it is. Set Site_Url.",
        },
      ];
  const urlReasons = context.siteUrl ? await judgeUrls(license, context.siteUrl) : [];
  const limits = judgeLimits(license, context.counters ?? {}, isNewLicense);
  const reasons = [...pending, ...periods.reasons, ...urlReasons, ...limits.reasons];
  const disabled = new Set([...periods.disabledModules, ...limits.disabledModules]);
  const granted = [...new Set(license.grantedModules.map(({ module }) => module))];
  const status = pending.length ? 'pending' : reasons.length ? 'invalid' : 'valid';
  return {
    status,
    valid: status === 'valid',
    reasons,
    warnings: [...periods.warnings, ...limits.warnings],
    version: decoded.version,
    tags: tagsOf(license),
    // getModulesToDisable.ts: the modules of triggered disable_modules rules are off, the license stays valid.
    modules: granted.filter((m) => !disabled.has(m)),
    disabledModules: granted.filter((m) => disabled.has(m)),
    limits: limits.limits,
    validFrom: periods.validFrom?.toISOString() ?? null,
    validUntil: periods.validUntil?.toISOString() ?? null,
    serverUrls: license.validation.serverUrls.map(({ value, type }) => ({ value, type })),
    trial: license.information.trial ?? false,
  };
}
