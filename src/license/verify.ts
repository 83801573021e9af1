/**
 * The license verifier: reads a license (v2 or v3), checks its signature, validity periods, server URLs and limits
 * against the workspace, and gives a verdict with reasons. Used by the License card, `infobot license check` and the
 * DM apply flow. It never logs, and never puts the license text into a message or an error.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { type DecodedLicense, decodeLicense, LicenseReadError } from './decode.js';
import { ROCKETCHAT_LICENSE_PUBLIC_KEY } from './public-key.js';
import type { LicenseTag, LicenseV3, LicenseVerdict, LimitKind, LimitVerdict, VerdictReason } from './types.js';
import { matchesServerUrl, workspaceUrlOf } from './url-rules.js';

/** What the verdict is judged against; anything left out is not checked (except the URL, see below). */
export interface VerifyContext {
  /** Site_Url of the workspace; without it the URL rules fail, as in Rocket.Chat. */
  siteUrl?: string;
  /** Active users as Rocket.Chat counts seats (statistics `activeUsers`). */
  activeUsers?: number;
  /** Active guests (statistics `activeGuests`), for `guestUsers` limits. */
  activeGuests?: number;
  now?: Date;
  /** PEM public key; Rocket.Chat's published key by default. */
  publicKeyPem?: string;
  /** Rocket.Chat version (`X.Y[.Z]`) whose rules apply: it decides which modules a v2 license grants. Default: the newest. */
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

const LIMIT_LABELS: Record<LimitKind, string> = {
  activeUsers: 'active users (seats)',
  guestUsers: 'active guests',
  roomsPerGuest: 'rooms per guest',
  privateApps: 'private apps',
  marketplaceApps: 'marketplace apps',
  monthlyActiveContacts: 'monthly active contacts',
};

function unreadable(code: VerdictReason['code'], message: string): LicenseVerdict {
  return {
    valid: false,
    reasons: [{ code, message }],
    version: null,
    tags: [],
    modules: [],
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
  disabledModules: Set<string>;
  validFrom: Date | undefined;
  validUntil: Date | undefined;
}

function judgePeriods(decoded: DecodedLicense, now: Date): PeriodOutcome {
  const outcome: PeriodOutcome = { reasons: [], disabledModules: new Set(), validFrom: decoded.notBefore, validUntil: decoded.expiresAt };
  const later = (a: Date | undefined, b: Date | undefined) => (a && b ? (a > b ? a : b) : (a ?? b));
  const earlier = (a: Date | undefined, b: Date | undefined) => (a && b ? (a < b ? a : b) : (a ?? b));
  for (const period of decoded.license.validation.validPeriods) {
    const from = validDate(period.validFrom);
    const until = validDate(period.validUntil);
    const invalidates = period.invalidBehavior === 'invalidate_license' || period.invalidBehavior === 'prevent_installation';
    if (invalidates) {
      outcome.validFrom = later(outcome.validFrom, from);
      outcome.validUntil = earlier(outcome.validUntil, until);
    }
    const broken = (from !== undefined && now < from) || (until !== undefined && now > until);
    if (!broken) continue;
    if (period.invalidBehavior === 'disable_modules') {
      for (const module of period.modules ?? []) outcome.disabledModules.add(module);
    }
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

async function judgeUrls(license: LicenseV3, siteUrl: string | undefined): Promise<VerdictReason[]> {
  if (!siteUrl) {
    return [
      {
        code: 'url',
        message: "The workspace's site URL is unknown, so the license's server URLs cannot be checked: give the site URL (Site_Url).",
      },
    ];
  }
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

function judgeLimits(license: LicenseV3, context: VerifyContext): { limits: LimitVerdict[]; reasons: VerdictReason[] } {
  const current: Partial<Record<LimitKind, number>> = { activeUsers: context.activeUsers, guestUsers: context.activeGuests };
  const limits: LimitVerdict[] = [];
  const reasons: VerdictReason[] = [];
  for (const [kind, entries] of Object.entries(license.limits) as [LimitKind, LicenseV3['limits'][LimitKind]][]) {
    for (const entry of entries ?? []) {
      const value = current[kind];
      limits.push(value === undefined ? { kind, max: entry.max, behavior: entry.behavior } : { kind, max: entry.max, behavior: entry.behavior, value });
      // max -1 means unlimited; Rocket.Chat validates only entries with max >= 0.
      if (entry.max < 0 || value === undefined || value <= entry.max) continue;
      const consequence =
        entry.behavior === 'invalidate_license' || entry.behavior === 'prevent_installation'
          ? 'Rocket.Chat will invalidate the license'
          : entry.behavior === 'prevent_action'
            ? 'Rocket.Chat will prevent adding more'
            : `Rocket.Chat applies "${entry.behavior}"`;
      reasons.push({
        code: 'limit',
        message: `Limit exceeded: ${value} ${LIMIT_LABELS[kind]}, the license allows ${entry.max}; ${consequence}. Deactivate some or get a larger license.`,
      });
    }
  }
  return { limits, reasons };
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
  const { license } = decoded;
  const periods = judgePeriods(decoded, now);
  const urlReasons = await judgeUrls(license, context.siteUrl);
  const { limits, reasons: limitReasons } = judgeLimits(license, context);
  const reasons = [...periods.reasons, ...urlReasons, ...limitReasons];
  const modules = [...new Set(license.grantedModules.map(({ module }) => module))].filter((m) => !periods.disabledModules.has(m));
  return {
    valid: reasons.length === 0,
    reasons,
    version: decoded.version,
    tags: tagsOf(license),
    modules,
    limits,
    validFrom: periods.validFrom?.toISOString() ?? null,
    validUntil: periods.validUntil?.toISOString() ?? null,
    serverUrls: license.validation.serverUrls.map(({ value, type }) => ({ value, type })),
    trial: license.information.trial ?? false,
  };
}
