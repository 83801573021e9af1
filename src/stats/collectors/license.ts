/**
 * The License card: the installed license (setting `Enterprise_License`) decoded and judged by the verifier against
 * Site_Url and the current seat count, with Rocket.Chat's own `Enterprise_License_Status`. The license text stays here:
 * only its verdict and fingerprint leave the collector.
 */
import { readLicenseCounters } from '../../license/counters.js';
import { invalidates } from '../../license/rules.js';
import { licenseFingerprint, verifyLicense } from '../../license/verify.js';
import type { LicenseVerdict } from '../../license/types.js';
import type { Outcome } from '../query-runner.js';
import { deriveUserCounts, type SeatCounts, seatCounts, userTallies } from '../queries/users.js';
import { settingField, sourcedField } from '../sourced.js';
import type { CollectContext, Sourced } from '../types.js';

/** The license facts with their sources. */
export interface LicenseInfo {
  /** Whether `Enterprise_License` holds a license. */
  installed: Sourced<boolean>;
  /** The verifier's judgement of the installed license; null when none is installed or settings failed. */
  verdict: LicenseVerdict | null;
  /** SHA-256 of the installed license text, to compare licenses without showing them. */
  fingerprint: string | null;
  /** Rocket.Chat's own `Enterprise_License_Status` ('Valid', 'Invalid' or empty). */
  status: Sourced<string>;
  siteUrl: Sourced<string>;
  activeUsers: Sourced<number>;
  activeGuests: Sourced<number>;
}

function installedText(ctx: CollectContext): string {
  return ctx.settings.ok ? String(ctx.settings.get('Enterprise_License') ?? '').trim() : '';
}

function siteUrlOf(ctx: CollectContext): Sourced<string> {
  return settingField(ctx, 'siteUrl', (settings) => {
    const value = settings.get('Site_Url');
    return typeof value === 'string' && value ? value : undefined;
  });
}

/**
 * Whether the installed license is valid (Rocket.Chat's isEnterprise), for the Deployment card's multi-instance
 * warnings, without the License card's seat counts when they cannot change the answer. Counters only ever add
 * reasons (ee/packages/license/src/license.ts validateLicense: invalid when a triggered rule's behaviour invalidates),
 * so a license judged without them is final when it is invalid already or has no invalidating limit to trigger;
 * only otherwise does `full` (the License card's verdict, with every counter) decide.
 */
export async function licenseValidity(ctx: CollectContext, full: () => Promise<LicenseInfo>): Promise<boolean> {
  const text = installedText(ctx);
  if (!text) return false;
  const uncounted = await verifyLicense(text, {
    siteUrl: siteUrlOf(ctx).value ?? undefined,
    now: ctx.now,
    publicKeyPem: ctx.licensePublicKey,
    rcVersion: ctx.semantics.version.text,
  });
  const countsMatter = uncounted.limits.some((limit) => limit.max >= 0 && invalidates(limit.behavior, false));
  if (!uncounted.valid || !countsMatter) return uncounted.valid;
  return (await full()).verdict?.valid === true;
}

/** The seat counters: from the broad pass over users when this computation makes it anyway, else counted narrowly. */
async function seatCountsOf(ctx: CollectContext): Promise<Outcome<SeatCounts>> {
  if (!ctx.broadUserPass) return seatCounts(ctx.runner, ctx.semantics);
  const tallies = await userTallies(ctx.runner);
  return tallies.ok ? { ok: true, value: deriveUserCounts(tallies.value, ctx.semantics) } : tallies;
}

/** Collects and judges the installed license. */
export async function collectLicense(ctx: CollectContext): Promise<LicenseInfo> {
  const seats = await seatCountsOf(ctx);
  const activeUsers = sourcedField(ctx, 'activeUsers', seats, (counts) => counts.activeUsers);
  const activeGuests = sourcedField(ctx, 'activeGuests', seats, (counts) => counts.activeGuests);
  const text = installedText(ctx);
  const siteUrl = siteUrlOf(ctx);
  const counters = text
    ? await readLicenseCounters(ctx.runner, {
        rcMajor: ctx.semantics.version.major,
        now: ctx.now,
        users: { activeUsers: activeUsers.value ?? undefined, activeGuests: activeGuests.value ?? undefined },
      })
    : {};
  // The installed license, judged as Rocket.Chat's startup does (isNewLicense false: prevent_installation ignored).
  const verdict = text
    ? await verifyLicense(text, {
        siteUrl: siteUrl.value ?? undefined,
        counters,
        now: ctx.now,
        publicKeyPem: ctx.licensePublicKey,
        rcVersion: ctx.semantics.version.text,
      })
    : null;
  return {
    installed: settingField(ctx, 'licenseInstalled', () => text.length > 0),
    verdict,
    fingerprint: text ? licenseFingerprint(text) : null,
    status: settingField(ctx, 'licenseStatus', (settings) => String(settings.get('Enterprise_License_Status') ?? '')),
    siteUrl,
    activeUsers,
    activeGuests,
  };
}
