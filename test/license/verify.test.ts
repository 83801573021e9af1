import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, describe, expect, it } from 'vitest';
import { CORE_MODULES } from '../../src/license/modules.js';
import { LicenseKeyConfigError, ROCKETCHAT_LICENSE_PUBLIC_KEY, resolveLicensePublicKey } from '../../src/license/public-key.js';
import type { VerdictCode } from '../../src/license/types.js';
import { licenseFingerprint, type VerifyContext, verifyLicense } from '../../src/license/verify.js';
import { encryptLicenseV2, generateLicenseKeys, makeLicenseV2, makeLicenseV3, signLicenseV3 } from '../support/license-signer.js';

const NOW = new Date('2026-11-26T09:00:00Z');
const DAY = 86_400_000;
const iso = (offsetDays: number) => new Date(NOW.getTime() + offsetDays * DAY).toISOString();
const keys = generateLicenseKeys();
const otherKeys = generateLicenseKeys();
const context: VerifyContext = { siteUrl: 'http://localhost:3000/', counters: { activeUsers: 812 }, now: NOW, publicKeyPem: keys.publicKeyPem };
const v3 = (overrides: Parameters<typeof makeLicenseV3>[0] = {}) => signLicenseV3(makeLicenseV3(overrides, NOW), keys.privateKeyPem);
const v2 = (overrides: Parameters<typeof makeLicenseV2>[0] = {}) => encryptLicenseV2(makeLicenseV2(overrides, NOW), keys.privateKeyPem);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Case {
  name: string;
  license: () => string;
  context?: Partial<VerifyContext>;
  codes: VerdictCode[];
}

const cases: Case[] = [
  { name: 'a v3 license for this workspace, in its period, within its seats', license: () => v3(), codes: [] },
  { name: 'an expired v3 license', license: () => v3({ validation: { validPeriods: [{ validUntil: iso(-1), invalidBehavior: 'invalidate_license' }] } }), codes: ['period'] },
  {
    name: 'a v3 license not valid yet',
    license: () => v3({ validation: { validPeriods: [{ validFrom: iso(3), validUntil: iso(300), invalidBehavior: 'invalidate_license' }] } }),
    codes: ['period'],
  },
  { name: 'a JWT whose exp claim has passed', license: () => signLicenseV3({ ...makeLicenseV3({}, NOW), exp: Math.floor(NOW.getTime() / 1000) - 60 } as never, keys.privateKeyPem), codes: ['period'] },
  { name: 'a url rule for another host', license: () => v3({ validation: { serverUrls: [{ value: 'chat.example.com', type: 'url' }] } }), codes: ['url'] },
  { name: 'a url rule matching case-insensitively', license: () => v3({ validation: { serverUrls: [{ value: 'LOCALHOST:3000', type: 'url' }] } }), codes: [] },
  { name: 'a regex rule with a wildcard that matches', license: () => v3({ validation: { serverUrls: [{ value: 'localhost:300*', type: 'regex' }] } }), codes: [] },
  { name: 'a regex rule for another domain', license: () => v3({ validation: { serverUrls: [{ value: '*.example.com', type: 'regex' }] } }), codes: ['url'] },
  { name: 'a SHA-256 hash rule of the workspace URL', license: () => v3({ validation: { serverUrls: [{ value: sha256('localhost:3000'), type: 'hash' }] } }), codes: [] },
  { name: 'a SHA-256 hash rule of another URL', license: () => v3({ validation: { serverUrls: [{ value: sha256('localhost:3001'), type: 'hash' }] } }), codes: ['url'] },
  { name: 'a bcrypt hash rule of the workspace URL', license: () => v3({ validation: { serverUrls: [{ value: bcrypt.hashSync('localhost:3000', 4), type: 'hash' }] } }), codes: [] },
  { name: 'a bcrypt hash rule of another URL', license: () => v3({ validation: { serverUrls: [{ value: bcrypt.hashSync('localhost:3001', 4), type: 'hash' }] } }), codes: ['url'] },
  {
    name: 'several server URLs of which one does not match',
    license: () =>
      v3({
        validation: {
          serverUrls: [
            { value: 'localhost:3000', type: 'url' },
            { value: 'chat.example.com', type: 'url' },
          ],
        },
      }),
    codes: ['url'],
  },
  {
    name: 'several server URLs that all match',
    license: () =>
      v3({
        validation: {
          serverUrls: [
            { value: 'localhost:3000', type: 'url' },
            { value: 'localhost:*', type: 'regex' },
          ],
        },
      }),
    codes: [],
  },
  { name: 'no site URL: pending, as Rocket.Chat keeps it', license: () => v3(), context: { siteUrl: undefined }, codes: ['pending'] },
  { name: 'more active users than seats under prevent_action (valid, new users blocked)', license: () => v3(), context: { counters: { activeUsers: 1001 } }, codes: [] },
  { name: 'more active users than an invalidate_license seat limit', license: () => v3({ limits: { activeUsers: [{ max: 1000, behavior: 'invalidate_license' }] } }), context: { counters: { activeUsers: 1001 } }, codes: ['limit'] },
  { name: 'exactly as many active users as seats', license: () => v3(), context: { counters: { activeUsers: 1000 } }, codes: [] },
  { name: 'an unlimited seat limit', license: () => v3({ limits: { activeUsers: [{ max: -1, behavior: 'prevent_action' }] } }), context: { counters: { activeUsers: 10 ** 6 } }, codes: [] },
  { name: 'expired, for another URL and over its seats', license: () => v3({ validation: { serverUrls: [{ value: 'x.example.com', type: 'url' }], validPeriods: [{ validUntil: iso(-9), invalidBehavior: 'invalidate_license' }] } }), context: { counters: { activeUsers: 2000 } }, codes: ['period', 'url'] },
  { name: 'a v3 license signed with another key', license: () => signLicenseV3(makeLicenseV3({}, NOW), otherKeys.privateKeyPem), codes: ['signature'] },
  { name: 'a v3 token cut short', license: () => v3().split('.').slice(0, 2).join('.'), codes: ['format'] },
  { name: 'a v3 token whose signature was altered', license: () => `${v3().slice(0, -4)}AAAA`, codes: ['signature'] },
  { name: 'garbage text', license: () => 'this is not a license, just words', codes: ['format'] },
  { name: 'base64 of the wrong length', license: () => randomBytes(100).toString('base64'), codes: ['format'] },
  { name: 'random bytes of the right length', license: () => randomBytes(256).toString('base64'), codes: ['signature'] },
  { name: 'an empty license', license: () => '', codes: ['empty'] },
  { name: 'only whitespace', license: () => '  \n\t ', codes: ['empty'] },
  { name: 'a v2 license for this workspace', license: () => v2(), codes: [] },
  { name: 'a v2 license with surrounding whitespace and line breaks', license: () => `\n  ${v2().replace(/(.{64})/g, '$1\n')}  \n`, codes: [] },
  { name: 'an expired v2 license', license: () => v2({ expiry: iso(-2) }), codes: ['period'] },
  { name: 'a v2 license whose wildcard URL matches', license: () => v2({ url: '*.example.com' }), context: { siteUrl: 'https://chat.example.com' }, codes: [] },
  { name: 'a v2 license for another URL', license: () => v2({ url: 'chat.example.com' }), codes: ['url'] },
  { name: 'a v2 license over its seats (prevent_action: valid)', license: () => v2({ maxActiveUsers: 10 }), context: { counters: { activeUsers: 11 } }, codes: [] },
  { name: 'a v2 license encrypted with another key', license: () => encryptLicenseV2(makeLicenseV2({}, NOW), otherKeys.privateKeyPem), codes: ['signature'] },
];

describe('the license verifier', () => {
  it.each(cases)('judges $name: reasons $codes', async ({ license, context: extra, codes }) => {
    const text = license();
    const verdict = await verifyLicense(text, { ...context, ...extra });
    expect(verdict.reasons.map((r) => r.code)).toEqual(codes);
    expect(verdict.valid).toBe(codes.length === 0);
    expect(verdict.status).toBe(codes.length === 0 ? 'valid' : codes.includes('pending') ? 'pending' : ['empty', 'format', 'signature'].includes(codes[0] ?? '') ? 'unreadable' : 'invalid');
    for (const reason of verdict.reasons) expect(reason.message.length).toBeGreaterThan(20);
    // The verdict never repeats the license text, nor any sizeable part of it.
    const json = JSON.stringify(verdict);
    if (text.trim().length > 24) {
      for (let i = 0; i + 24 <= text.trim().length; i += 24) expect(json).not.toContain(text.trim().slice(i, i + 24));
    }
  });

  it('reads what a valid v3 license grants: version, tags, modules, limits, period and URL rules', async () => {
    const verdict = await verifyLicense(v3(), context);
    expect(verdict).toMatchObject({
      valid: true,
      version: 3,
      tags: [{ name: 'Premium', color: '#1D74F5' }],
      limits: [{ kind: 'activeUsers', max: 1000, behavior: 'prevent_action', value: 812, reached: false }],
      validFrom: iso(-1),
      validUntil: iso(365),
      serverUrls: [{ value: 'localhost:3000', type: 'url' }],
      trial: false,
    });
    expect(verdict.modules).toEqual(['auditing', 'canned-responses', 'engagement-dashboard', 'livechat-enterprise', 'message-read-receipt', 'scalability']);
  });

  it('expands a v2 enterprise:* bundle to every core module and tags it with the bundle name and colour', async () => {
    const text = encryptLicenseV2(makeLicenseV2({ modules: ['enterprise:*'], tag: undefined }, NOW), keys.privateKeyPem);
    const verdict = await verifyLicense(text, context);
    expect(verdict.valid).toBe(true);
    expect(verdict.version).toBe(2);
    expect(new Set(verdict.modules)).toEqual(new Set(CORE_MODULES));
    expect(verdict.tags).toEqual([{ name: 'enterprise', color: '#4411DD' }]);
    expect(verdict.serverUrls).toEqual([{ value: 'localhost:3000', type: 'regex' }]);
    expect(verdict.limits).toContainEqual({ kind: 'activeUsers', max: 1000, behavior: 'prevent_action', value: 812, reached: false });
  });

  it.each([
    ['bronze', '#BD5A0B'],
    ['silver', '#9EA2A8'],
    ['gold', '#F3BE08'],
    ['platinum', '#4411DD'],
  ])('colours the v2 bundle tag %s as Rocket.Chat does (%s)', async (bundle, color) => {
    const text = encryptLicenseV2(makeLicenseV2({ modules: [`${bundle}:*`, 'auditing'], tag: undefined }, NOW), keys.privateKeyPem);
    const verdict = await verifyLicense(text, context);
    expect(verdict.tags).toEqual([{ name: bundle, color }]);
    expect(verdict.modules).toContain('auditing');
  });

  it('keeps the tag a v2 license names, and v3 tags with their own colours', async () => {
    expect((await verifyLicense(v2(), context)).tags).toEqual([{ name: 'Enterprise', color: '#F3BE08' }]);
    const tags = [
      { name: 'Pro', color: '#123456' },
      { name: 'Trial', color: '#ABCDEF' },
    ];
    expect((await verifyLicense(v3({ information: { tags } }), context)).tags).toEqual(tags);
  });

  it('drops the modules of a broken disable_modules period and stays valid', async () => {
    const text = v3({
      validation: {
        validPeriods: [
          { validUntil: iso(100), invalidBehavior: 'invalidate_license' },
          { validUntil: iso(-1), invalidBehavior: 'disable_modules', modules: ['auditing'] },
        ],
      },
    });
    const verdict = await verifyLicense(text, context);
    expect(verdict.valid).toBe(true);
    expect(verdict.modules).not.toContain('auditing');
    expect(verdict.modules).toContain('livechat-enterprise');
  });

  it("checks with Rocket.Chat's published key by default, so a license signed by another key is refused", async () => {
    const verdict = await verifyLicense(v3(), { ...context, publicKeyPem: undefined });
    expect(verdict.reasons.map((r) => r.code)).toEqual(['signature']);
  });

  it('names a license by the SHA-256 of its text without surrounding whitespace', () => {
    const text = v3();
    expect(licenseFingerprint(text)).toBe(sha256(text));
    expect(licenseFingerprint(`\n ${text} \n`)).toBe(licenseFingerprint(text));
    expect(licenseFingerprint(text)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the license public key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'infobot-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is Rocket.Chat's 4096-bit key unless INFOBOT_LICENSE_PUBLIC_KEY is set", () => {
    expect(resolveLicensePublicKey({})).toBe(ROCKETCHAT_LICENSE_PUBLIC_KEY);
    expect(ROCKETCHAT_LICENSE_PUBLIC_KEY).toMatch(/^-----BEGIN PUBLIC KEY-----\nMIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAqWSskd9/);
  });

  it('takes INFOBOT_LICENSE_PUBLIC_KEY as PEM text or as the path of a PEM file', () => {
    expect(resolveLicensePublicKey({ INFOBOT_LICENSE_PUBLIC_KEY: keys.publicKeyPem })).toBe(keys.publicKeyPem.trim());
    const file = join(dir, 'license.pem');
    writeFileSync(file, keys.publicKeyPem);
    expect(resolveLicensePublicKey({ INFOBOT_LICENSE_PUBLIC_KEY: file })).toBe(keys.publicKeyPem);
  });

  it('explains a path that cannot be read or holds no key', () => {
    expect(() => resolveLicensePublicKey({ INFOBOT_LICENSE_PUBLIC_KEY: join(dir, 'missing.pem') })).toThrow(LicenseKeyConfigError);
    expect(() => resolveLicensePublicKey({ INFOBOT_LICENSE_PUBLIC_KEY: join(dir, 'missing.pem') })).toThrow(/PEM text nor a readable file \(ENOENT\)/);
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    expect(() => resolveLicensePublicKey({ INFOBOT_LICENSE_PUBLIC_KEY: notPem })).toThrow(/holds no PEM key/);
  });
});
