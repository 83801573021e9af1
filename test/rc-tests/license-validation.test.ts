import { createHash } from 'node:crypto';
import type { ILicenseV3 } from '@rocket.chat/core-typings';
import { describe, expect, it } from 'vitest';
import { type RcLicenseCounters, rcValidateLicense, workspaceUrl } from '../rc/license.js';
import { type DeepPartial, makeLicenseV3 } from '../support/license-signer.js';

const now = new Date('2026-11-26T12:00:00Z');
const DAY = 86_400_000;
const counters: RcLicenseCounters = { activeUsers: 10, guestUsers: 2, roomsPerGuest: 0, privateApps: 0, marketplaceApps: 0, monthlyActiveContacts: 0 };

function judge(overrides: DeepPartial<ILicenseV3>, workspace: { siteUrl?: string; counters?: Partial<RcLicenseCounters>; isNewLicense?: boolean } = {}) {
  return rcValidateLicense(makeLicenseV3(overrides, now), {
    siteUrl: 'siteUrl' in workspace ? workspace.siteUrl : 'http://localhost:3000',
    counters: { ...counters, ...workspace.counters },
    now,
    isNewLicense: workspace.isNewLicense,
  });
}

const urlBehavior = { behavior: 'invalidate_license', limit: undefined, reason: 'url' };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('license verdicts', () => {
  it('a license for this workspace, inside its period and under its limits, is valid and enables its modules', () => {
    const verdict = judge({});
    expect(verdict.valid).toBe(true);
    expect(verdict.behaviors).toEqual([]);
    expect(verdict.modules).toEqual(['auditing', 'canned-responses', 'engagement-dashboard', 'livechat-enterprise', 'message-read-receipt', 'scalability']);
  });

  it('an expired license is invalid, for reason "period"', () => {
    const verdict = judge({ validation: { validPeriods: [{ validUntil: new Date(now.getTime() - DAY).toISOString(), invalidBehavior: 'invalidate_license' }] } });
    expect(verdict).toMatchObject({ valid: false, modules: [], behaviors: [{ behavior: 'invalidate_license', reason: 'period' }] });
  });

  it('a license not valid yet is invalid, for reason "period"', () => {
    const verdict = judge({ validation: { validPeriods: [{ validFrom: new Date(now.getTime() + DAY).toISOString(), invalidBehavior: 'invalidate_license' }] } });
    expect(verdict).toMatchObject({ valid: false, behaviors: [{ behavior: 'invalidate_license', reason: 'period' }] });
  });

  it('a broken period whose behaviour is disable_modules keeps the license and removes those modules', () => {
    const verdict = judge({
      validation: {
        validPeriods: [{ validUntil: new Date(now.getTime() - DAY).toISOString(), invalidBehavior: 'disable_modules', modules: ['auditing'] }],
      },
    });
    expect(verdict.valid).toBe(true);
    expect(verdict.behaviors).toEqual([{ behavior: 'disable_modules', modules: ['auditing'], reason: 'period', limit: undefined }]);
    expect(verdict.modules).not.toContain('auditing');
  });

  it('seats exceeded under an invalidate_license limit make it invalid, for reason "limit"', () => {
    const verdict = judge({ limits: { activeUsers: [{ max: 5, behavior: 'invalidate_license' }] } });
    expect(verdict).toMatchObject({ valid: false, behaviors: [{ behavior: 'invalidate_license', reason: 'limit', limit: 'activeUsers' }] });
  });

  it('seats exceeded under a prevent_action limit leave it valid (prevent_action is not an apply-time behaviour)', () => {
    expect(judge({ limits: { activeUsers: [{ max: 5, behavior: 'prevent_action' }] } })).toMatchObject({ valid: true, behaviors: [] });
  });

  it('invalidate_license triggers only above the limit, start_fair_policy already at it', () => {
    expect(judge({ limits: { activeUsers: [{ max: 10, behavior: 'invalidate_license' }] } }).valid).toBe(true);
    expect(judge({ limits: { activeUsers: [{ max: 9, behavior: 'invalidate_license' }] } }).valid).toBe(false);
    expect(judge({ limits: { activeUsers: [{ max: 10, behavior: 'start_fair_policy' }] } }).behaviors).toEqual([
      { behavior: 'start_fair_policy', reason: 'limit', limit: 'activeUsers' },
    ]);
  });

  it('prevent_installation invalidates only a license being installed', () => {
    const limits = { guestUsers: [{ max: 1, behavior: 'prevent_installation' as const }] };
    expect(judge({ limits }, { isNewLicense: true }).valid).toBe(false);
    expect(judge({ limits }, { isNewLicense: false }).valid).toBe(true);
  });

  it('a limit of -1 never triggers', () => {
    expect(judge({ limits: { activeUsers: [{ max: -1, behavior: 'invalidate_license' }] } }, { counters: { activeUsers: 1e9 } }).valid).toBe(true);
  });
});

// Ported from Rocket.Chat's ee/packages/license/src/validation/validateLicenseUrl.spec.ts (workspace localhost:3000).
describe('URL validation', () => {
  it.each([
    ['url', 'localhost:3001', false],
    ['url', 'localhost:3000', true],
    ['url', 'LOCALHOST:3000', true],
    ['regex', 'unstable.rocket.*', false],
    ['regex', 'localhost:300*', true],
    ['hash', sha256('localhost:3001'), false],
    ['hash', sha256('localhost:3000'), true],
  ] as const)('type %s with value %s matches: %s', (type, value, matches) => {
    const verdict = judge({ validation: { serverUrls: [{ type, value }] } });
    expect(verdict.behaviors).toStrictEqual(matches ? [] : [urlBehavior]);
  });

  it('requires every serverUrls entry to match, one behaviour per mismatch', () => {
    const verdict = judge({
      validation: {
        serverUrls: [
          { type: 'url', value: 'localhost:3000' },
          { type: 'regex', value: '*.example.com' },
          { type: 'url', value: 'chat.example.com' },
        ],
      },
    });
    expect(verdict.valid).toBe(false);
    expect(verdict.behaviors).toStrictEqual([urlBehavior, urlBehavior]);
  });

  it('a regex dot is literal: "localhost.3000" does not match "localhost:3000"', () => {
    expect(judge({ validation: { serverUrls: [{ type: 'regex', value: 'localhost.3000' }] } }).valid).toBe(false);
  });

  it('compares against Site_Url without scheme and one trailing slash, keeping a path', () => {
    expect(workspaceUrl('https://chat.example.com/')).toBe('chat.example.com');
    expect(workspaceUrl('http://example.com/chat/')).toBe('example.com/chat');
    expect(judge({ validation: { serverUrls: [{ type: 'url', value: 'example.com/chat' }] } }, { siteUrl: 'https://example.com/chat/' }).valid).toBe(true);
  });

  it('without a workspace URL the license is invalid for reason "url"', () => {
    expect(judge({}, { siteUrl: undefined }).behaviors).toStrictEqual([urlBehavior]);
  });
});
