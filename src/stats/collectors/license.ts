/**
 * The License card: the installed license (setting `Enterprise_License`) decoded and judged by the verifier against
 * Site_Url and the current seat count, with Rocket.Chat's own `Enterprise_License_Status`. The license text stays here:
 * only its verdict and fingerprint leave the collector.
 */
import { readLicenseCounters } from '../../license/counters.js';
import { licenseFingerprint, verifyLicense } from '../../license/verify.js';
import type { LicenseVerdict } from '../../license/types.js';
import { deriveUserCounts, userTallies } from '../queries/users.js';
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

/** Collects and judges the installed license. */
export async function collectLicense(ctx: CollectContext): Promise<LicenseInfo> {
  const users = await userTallies(ctx.runner);
  const activeUsers = sourcedField(ctx, 'activeUsers', users, (groups) => deriveUserCounts(groups, ctx.semantics).activeUsers);
  const activeGuests = sourcedField(ctx, 'activeGuests', users, (groups) => deriveUserCounts(groups, ctx.semantics).activeGuests);
  const text = ctx.settings.ok ? String(ctx.settings.get('Enterprise_License') ?? '').trim() : '';
  const siteUrl = settingField(ctx, 'siteUrl', (settings) => {
    const value = settings.get('Site_Url');
    return typeof value === 'string' && value ? value : undefined;
  });
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
