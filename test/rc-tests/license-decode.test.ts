import { createPublicKey, privateEncrypt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROCKET_CHAT_LICENSE_PUBLIC_KEY_PEM, rcDecodeLicense, rcLicensePublicKeyPem, rcValidateFormat } from '../rc/license.js';
import { rcSemantics } from '../rc/version.js';
import { encryptLicenseV2, generateLicenseKeys, makeLicenseV2, makeLicenseV3, signLicenseV3 } from '../support/license-signer.js';

const keys = generateLicenseKeys();
const otherKeys = generateLicenseKeys();
const now = new Date('2026-11-26T12:00:00Z');
const v8 = rcSemantics('8.3.0');
const v7 = rcSemantics('7.0.0');

describe('a v3 license signed by the test signer', () => {
  it('decodes with the matching public key to exactly the signed object', () => {
    const license = makeLicenseV3({}, now);
    const decoded = rcDecodeLicense(signLicenseV3(license, keys.privateKeyPem), keys.publicKeyPem, { semantics: v8, now });
    expect(decoded).toEqual({ ok: true, format: 'v3', license, original: license });
  });

  it('is a JWT with an RS256 header after the RCV3_ prefix', () => {
    const encoded = signLicenseV3(makeLicenseV3({}, now), keys.privateKeyPem);
    expect(encoded.startsWith('RCV3_')).toBe(true);
    const [header] = encoded.slice(5).split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
  });

  it('is refused with "Invalid license" under another key, and when the payload was altered', () => {
    const encoded = signLicenseV3(makeLicenseV3({}, now), keys.privateKeyPem);
    expect(rcValidateFormat(encoded, otherKeys.publicKeyPem, { now })).toEqual({ ok: false, error: 'Invalid license' });
    const [h, , s] = encoded.slice(5).split('.');
    const forged = Buffer.from(JSON.stringify(makeLicenseV3({ limits: { activeUsers: [{ max: 1_000_000, behavior: 'prevent_action' }] } }, now))).toString('base64url');
    expect(rcValidateFormat(`RCV3_${h}.${forged}.${s}`, keys.publicKeyPem, { now })).toEqual({ ok: false, error: 'Invalid license' });
  });

  it('is refused when its JWT exp claim has passed, as jose.jwtVerify refuses it', () => {
    const license = { ...makeLicenseV3({}, now), exp: Math.floor(now.getTime() / 1000) - 60 };
    const encoded = signLicenseV3(license, keys.privateKeyPem);
    expect(rcDecodeLicense(encoded, keys.publicKeyPem, { semantics: v8, now })).toMatchObject({ ok: false, error: 'Invalid license', stage: 'format' });
  });

  it('is not understood by 6.3, which reads every license string as v2', () => {
    const encoded = signLicenseV3(makeLicenseV3({}, now), keys.privateKeyPem);
    expect(rcDecodeLicense(encoded, keys.publicKeyPem, { semantics: rcSemantics('6.3.0'), now })).toMatchObject({ ok: false, error: 'Invalid license' });
  });
});

describe('a v2 license encrypted by the test signer', () => {
  it('decrypts with the public key and converts to v3 as Rocket.Chat 8.x does', () => {
    const v2 = makeLicenseV2({}, now);
    const decoded = rcDecodeLicense(encryptLicenseV2(v2, keys.privateKeyPem), keys.publicKeyPem, { semantics: v8, now });
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.format).toBe('v2');
    expect(decoded.original).toEqual(v2);
    expect(decoded.license.validation.serverUrls).toEqual([{ value: 'localhost:3000', type: 'regex' }]);
    expect(decoded.license.validation.validPeriods).toEqual([{ validUntil: v2.expiry, invalidBehavior: 'invalidate_license' }]);
    expect(decoded.license.validation.statisticsReport).toEqual({ required: true });
    expect(decoded.license.information).toMatchObject({ autoRenew: false, trial: false, offline: false, grantedBy: { method: 'manual', seller: 'V2' }, tags: [v2.tag] });
    expect(decoded.license.grantedModules.map((m) => m.module)).toEqual([
      'outbound-messaging',
      'teams-voip',
      'contact-id-verification',
      'hide-watermark',
      'auditing',
      'livechat-enterprise',
    ]);
    expect(decoded.license.limits).toEqual({
      activeUsers: [{ max: 1000, behavior: 'prevent_action' }],
      guestUsers: [{ max: 100, behavior: 'prevent_action' }],
      roomsPerGuest: [{ max: 10, behavior: 'prevent_action' }],
    });
  });

  it('expands the enterprise:* bundle into the core modules and names its tag after the bundle', () => {
    const v2 = makeLicenseV2({ modules: ['enterprise:*'], tag: undefined }, now);
    const decoded = rcDecodeLicense(encryptLicenseV2(v2, keys.privateKeyPem), keys.publicKeyPem, { semantics: v7, now });
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const modules = decoded.license.grantedModules.map((m) => m.module);
    expect(modules).toEqual(expect.arrayContaining(['auditing', 'livechat-enterprise', 'engagement-dashboard', 'message-read-receipt', 'teams-voip']));
    expect(modules).not.toContain('outbound-messaging');
    expect(new Set(modules).size).toBe(modules.length);
    expect(decoded.license.information.tags).toEqual([{ name: 'enterprise', color: '#4411DD' }]);
  });

  it('gives bundle tags their colours', () => {
    const v2 = makeLicenseV2({ modules: ['gold:*', 'silver:*'], tag: undefined }, now);
    const decoded = rcDecodeLicense(encryptLicenseV2(v2, keys.privateKeyPem), keys.publicKeyPem, { semantics: v8, now });
    expect(decoded.ok && decoded.license.information.tags).toEqual([
      { name: 'gold', color: '#F3BE08' },
      { name: 'silver', color: '#9EA2A8' },
    ]);
  });

  it('refuses to build a license larger than one RSA block of the key, naming the fix', () => {
    const big = makeLicenseV2({ meta: { trial: true, trialEnd: now.toISOString(), workspaceId: 'x'.repeat(200) } }, now);
    expect(() => encryptLicenseV2(big, keys.privateKeyPem)).toThrow(/at most 245 bytes.*modulusLength: 4096/);
  });
});

describe('the format check of licenses.add', () => {
  it.each([
    ['an empty string', '', 'Empty license'],
    ['blanks', '  \n ', 'Empty license'],
    ['garbage', 'not a license at all', 'Invalid license'],
    ['a truncated JWT', 'RCV3_eyJhbGciOiJSUzI1NiJ9.e30', 'Invalid license'],
  ])('answers %s with "%s"', (_label, input, error) => {
    expect(rcValidateFormat(input, keys.publicKeyPem, { now })).toEqual({ ok: false, error });
  });

  it('accepts a decryptable string whose content is not JSON; applying it fails later, at the parse', () => {
    const notJson = privateEncrypt(keys.privateKeyPem, Buffer.from('not json')).toString('base64');
    expect(rcValidateFormat(notJson, keys.publicKeyPem, { now })).toEqual({ ok: true });
    expect(rcDecodeLicense(notJson, keys.publicKeyPem, { semantics: v8, now })).toEqual({ ok: false, error: 'Invalid license', stage: 'parse' });
  });
});

describe('the license public key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rc-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is Rocket.Chat's published RSA-4096 key by default", () => {
    expect(rcLicensePublicKeyPem({})).toBe(ROCKET_CHAT_LICENSE_PUBLIC_KEY_PEM);
    const key = createPublicKey(ROCKET_CHAT_LICENSE_PUBLIC_KEY_PEM);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(4096);
  });

  it('does not accept licenses we sign ourselves', () => {
    const encoded = signLicenseV3(makeLicenseV3({}, now), keys.privateKeyPem);
    expect(rcValidateFormat(encoded, ROCKET_CHAT_LICENSE_PUBLIC_KEY_PEM, { now })).toEqual({ ok: false, error: 'Invalid license' });
  });

  it('comes from INFOBOT_LICENSE_PUBLIC_KEY as PEM text or as a path to a PEM file', () => {
    expect(rcLicensePublicKeyPem({ INFOBOT_LICENSE_PUBLIC_KEY: keys.publicKeyPem })).toBe(keys.publicKeyPem.trim());
    const path = join(dir, 'key.pem');
    writeFileSync(path, keys.publicKeyPem);
    expect(rcLicensePublicKeyPem({ INFOBOT_LICENSE_PUBLIC_KEY: path })).toBe(keys.publicKeyPem);
  });

  it('names the variable and the fix when the path cannot be read', () => {
    expect(() => rcLicensePublicKeyPem({ INFOBOT_LICENSE_PUBLIC_KEY: join(dir, 'missing.pem') })).toThrow(
      /INFOBOT_LICENSE_PUBLIC_KEY is neither PEM text nor a readable file \(ENOENT\).*path of a \.pem file/,
    );
  });
});
