/**
 * The verifier against Rocket.Chat's own rules (test/rc/license, written from ee/packages/license/src) on generated
 * licenses: every behaviour × limit kind × value below / at / above the max × installed or newly applied × version
 * band, plus periods, URLs, Site_Url unset, v3 on ≤ 6.4 and v2 tags. The expected verdict is Rocket.Chat's, never ours.
 */
import type { ILicenseV3, LicenseBehavior, LicenseLimitKind } from '@rocket.chat/core-typings';
import { describe, expect, it } from 'vitest';
import { LIMIT_KINDS } from '../../src/license/rules.js';
import type { LicenseVerdict } from '../../src/license/types.js';
import { verifyLicense } from '../../src/license/verify.js';
import { judgeLicense, type RcLicenseCounters } from '../rc/license.js';
import { validateLimits } from '../rc/license/validate.js';
import { type DeepPartial, encryptLicenseV2, generateLicenseKeys, makeLicenseV2, makeLicenseV3, signLicenseV3 } from '../support/license-signer.js';

const NOW = new Date('2026-11-26T09:00:00Z');
const DAY = 86_400_000;
const keys = generateLicenseKeys();
const SITE = 'https://localhost:3000/';
const BEHAVIORS: LicenseBehavior[] = ['invalidate_license', 'start_fair_policy', 'prevent_action', 'allow_action', 'prevent_installation', 'disable_modules'];
const MAX = 10;
const VALUES = [MAX - 1, MAX, MAX + 1];
const ZERO: RcLicenseCounters = { activeUsers: 0, guestUsers: 0, roomsPerGuest: 0, privateApps: 0, marketplaceApps: 0, monthlyActiveContacts: 0 };

interface Judged {
  ours: LicenseVerdict;
  rc: ReturnType<typeof judgeLicense>;
  /** Rocket.Chat's shouldPreventAction on the current counts of the installed license (prevent_action only). */
  rcPrevented: LicenseLimitKind[];
}

async function judgeBoth(text: string, options: { version: string; counters: RcLicenseCounters; isNewLicense: boolean; siteUrl?: string }): Promise<Judged> {
  const siteUrl = 'siteUrl' in options ? options.siteUrl : SITE;
  const rc = judgeLicense(text, { siteUrl, counters: options.counters }, { publicKeyPem: keys.publicKeyPem, now: NOW, version: options.version, isNewLicense: options.isNewLicense });
  const ours = await verifyLicense(text, {
    siteUrl,
    counters: options.counters,
    isNewLicense: options.isNewLicense,
    now: NOW,
    publicKeyPem: keys.publicKeyPem,
    rcVersion: options.version,
  });
  const rcPrevented = rc.license
    ? validateLimits(rc.license.limits, { siteUrl, counters: options.counters, now: NOW, behaviors: ['prevent_action'] }).map((behavior) => (behavior as { limit?: LicenseLimitKind }).limit as LicenseLimitKind)
    : [];
  return { ours, rc, rcPrevented };
}

/** Our verdict says what Rocket.Chat's does: status, active modules, tags, which prevent_action limits block. */
function expectAgreement({ ours, rc, rcPrevented }: Judged): void {
  expect(ours.status).toBe(rc.status);
  expect(ours.valid).toBe(rc.status === 'valid');
  if (rc.status === 'valid') expect(new Set(ours.modules)).toEqual(new Set(rc.validation?.modules));
  if (rc.license) expect(ours.tags).toEqual(rc.license.information.tags ?? []);
  const oursPrevented = ours.limits.filter((l) => l.behavior === 'prevent_action' && l.reached).map((l) => l.kind);
  expect(new Set(oursPrevented)).toEqual(new Set(rcPrevented));
  // A triggered rule that leaves the license valid is said as a warning, never as a reason.
  const rcWarned = (rc.validation?.behaviors ?? []).filter(({ behavior }) => behavior !== 'invalidate_license' && behavior !== 'prevent_installation');
  if (rc.status === 'valid') expect(ours.warnings.length).toBeGreaterThanOrEqual(rcWarned.length + rcPrevented.length);
}

function v3(overrides: DeepPartial<ILicenseV3>): string {
  return signLicenseV3(makeLicenseV3(overrides, NOW), keys.privateKeyPem);
}

const limitCases = ['6.5.0', '7.10.2', '8.3.0'].flatMap((version) =>
  LIMIT_KINDS.flatMap((kind) =>
    BEHAVIORS.flatMap((behavior) => VALUES.flatMap((value) => [false, true].map((isNewLicense) => ({ version, kind, behavior, value, isNewLicense })))),
  ),
);

describe('limits, as Rocket.Chat judges them', () => {
  it.each(limitCases)('$version: $kind $behavior max 10 at $value, new license $isNewLicense', async ({ version, kind, behavior, value, isNewLicense }) => {
    const text = v3({ limits: { [kind]: [{ max: MAX, behavior, ...(behavior === 'disable_modules' && { modules: ['auditing'] }) }] } });
    const judged = await judgeBoth(text, { version, counters: { ...ZERO, [kind]: value }, isNewLicense });
    expectAgreement(judged);
  });

  it('an over-seat prevent_action license is valid, with the warning that new users are blocked', async () => {
    const text = v3({ limits: { activeUsers: [{ max: 5, behavior: 'prevent_action' }] } });
    const judged = await judgeBoth(text, { version: '8.3.0', counters: { ...ZERO, activeUsers: 9 }, isNewLicense: true });
    expectAgreement(judged);
    expect(judged.ours.valid).toBe(true);
    expect(judged.ours.warnings.map((w) => w.message).join(' ')).toMatch(/9 active users \(seats\), the license allows 5; new users are blocked/);
  });

  it('takes the strictest of several entries of one kind: one max per kind, and the lowest threshold decides', async () => {
    const text = v3({
      limits: {
        activeUsers: [
          { max: 50, behavior: 'invalidate_license' },
          { max: 8, behavior: 'prevent_action' },
        ],
      },
    });
    for (const value of [7, 8, 50, 51]) expectAgreement(await judgeBoth(text, { version: '8.3.0', counters: { ...ZERO, activeUsers: value }, isNewLicense: false }));
  });
});

describe('periods, URLs and readiness, as Rocket.Chat judges them', () => {
  const iso = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();
  it.each(BEHAVIORS.flatMap((behavior) => [false, true].map((isNewLicense) => ({ behavior, isNewLicense }))))(
    'a period over with behaviour $behavior, new license $isNewLicense',
    async ({ behavior, isNewLicense }) => {
      const text = v3({
        validation: {
          validPeriods: [
            { validUntil: iso(100), invalidBehavior: 'invalidate_license' },
            { validUntil: iso(-1), invalidBehavior: behavior, ...(behavior === 'disable_modules' && { modules: ['auditing'] }) } as never,
          ],
        },
      });
      expectAgreement(await judgeBoth(text, { version: '8.3.0', counters: ZERO, isNewLicense }));
    },
  );

  it('a license for another URL is invalid', async () => {
    const judged = await judgeBoth(v3({ validation: { serverUrls: [{ value: 'chat.example.org', type: 'url' }] } }), { version: '7.10.2', counters: ZERO, isNewLicense: false });
    expectAgreement(judged);
    expect(judged.ours.status).toBe('invalid');
  });

  it('without Site_Url a readable license is pending, not invalid', async () => {
    const judged = await judgeBoth(v3({}), { version: '7.10.2', counters: ZERO, isNewLicense: true, siteUrl: undefined });
    expectAgreement(judged);
    expect(judged.ours.status).toBe('pending');
    expect(judged.ours.reasons.map((r) => r.code)).toEqual(['pending']);
  });
});

describe('formats per version band', () => {
  it.each(['6.3.0', '6.4.0'])('Rocket.Chat %s cannot read a v3 license: refused with that reason', async (version) => {
    const judged = await judgeBoth(v3({}), { version, counters: ZERO, isNewLicense: true });
    expectAgreement(judged);
    expect(judged.ours.reasons[0]?.message).toMatch(new RegExp(`Rocket.Chat ${version.slice(0, 3)} reads only v2 licenses`));
  });

  it.each(['6.4.0', '6.5.0', '7.10.2', '8.3.0'])('a v2 license over its seats on %s stays valid (its limits are prevent_action)', async (version) => {
    const text = encryptLicenseV2(makeLicenseV2({ maxActiveUsers: 5 }, NOW), keys.privateKeyPem);
    for (const activeUsers of [4, 5, 6]) expectAgreement(await judgeBoth(text, { version, counters: { ...ZERO, activeUsers }, isNewLicense: true }));
  });

  it.each([
    ['*', []],
    ['enterprise:*', ['enterprise']],
    ['gold:*', ['gold']],
  ])('a v2 license with modules [%s] and no tag gets the tags %j', async (bundle, names) => {
    const text = encryptLicenseV2(makeLicenseV2({ modules: [bundle, 'auditing'], tag: undefined }, NOW), keys.privateKeyPem);
    const judged = await judgeBoth(text, { version: '7.10.2', counters: ZERO, isNewLicense: true });
    expectAgreement(judged);
    expect(judged.ours.tags.map((t) => t.name)).toEqual(names);
  });
});
