/**
 * Signs Rocket.Chat licenses with a key of our own, so tests, the emulator and the sandbox can apply licenses that
 * Rocket.Chat's decoding logic accepts once the matching public key is configured (INFOBOT_LICENSE_PUBLIC_KEY).
 * Formats follow Rocket.Chat's `ee/packages/license`: v3 = "RCV3_" + RS256 JWT, v2 = base64 of one RSA block
 * "encrypted" with the private key (PKCS#1 v1.5 padding, read back with publicDecrypt).
 */
import { constants, createPrivateKey, createSign, generateKeyPairSync, privateEncrypt } from 'node:crypto';
import type { ILicenseV2, ILicenseV3 } from '@rocket.chat/core-typings';

/** A recursive partial: nested objects may be given in part; arrays are replaced whole. */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** An RSA key pair as PEM text: SPKI public key (Rocket.Chat's format) and PKCS#8 private key. */
export interface LicenseKeys {
  publicKeyPem: string;
  privateKeyPem: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Generates a license signing key pair; 2048 bits by default (Rocket.Chat's own key is 4096 bits). */
export function generateLicenseKeys(options: { modulusLength?: 2048 | 3072 | 4096 } = {}): LicenseKeys {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: options.modulusLength ?? 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function deepMerge<T>(base: T, overrides: DeepPartial<T> | undefined): T {
  if (overrides === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    merged[key] = value === undefined ? undefined : deepMerge(merged[key], value as DeepPartial<unknown>);
    if (merged[key] === undefined) delete merged[key];
  }
  return merged as T;
}

/**
 * A license that Rocket.Chat 6.5+ judges valid for a workspace whose Site_Url is http://localhost:3000, with 1000
 * active-user seats, valid from a day before `now` to a year after. Overrides are merged in (arrays replace).
 */
export function makeLicenseV3(overrides?: DeepPartial<ILicenseV3>, now: Date = new Date()): ILicenseV3 {
  const base: ILicenseV3 = {
    version: '3.0',
    information: {
      id: 'infobot-test-license',
      autoRenew: false,
      visualExpiration: new Date(now.getTime() + 365 * DAY_MS).toISOString(),
      notifyAdminsAt: new Date(now.getTime() + 335 * DAY_MS).toISOString(),
      notifyUsersAt: new Date(now.getTime() + 358 * DAY_MS).toISOString(),
      trial: false,
      offline: true,
      createdAt: new Date(now.getTime() - DAY_MS).toISOString(),
      grantedBy: { method: 'manual', seller: 'infobot tests' },
      grantedTo: { name: 'Infobot Test', company: 'Infobot', email: 'admin@example.com' },
      legalText: 'Test license: not for production use.',
      notes: 'Signed by test/support/license-signer.ts',
      tags: [{ name: 'Premium', color: '#1D74F5' }],
    },
    validation: {
      // Rocket.Chat compares against Site_Url without scheme and trailing slash (LicenseManager.setWorkspaceUrl).
      serverUrls: [{ value: 'localhost:3000', type: 'url' }],
      validPeriods: [
        {
          validFrom: new Date(now.getTime() - DAY_MS).toISOString(),
          validUntil: new Date(now.getTime() + 365 * DAY_MS).toISOString(),
          invalidBehavior: 'invalidate_license',
        },
      ],
      statisticsReport: { required: false },
    },
    grantedModules: [
      { module: 'auditing' },
      { module: 'canned-responses' },
      { module: 'engagement-dashboard' },
      { module: 'livechat-enterprise' },
      { module: 'message-read-receipt' },
      { module: 'scalability' },
    ],
    limits: { activeUsers: [{ max: 1000, behavior: 'prevent_action' }] },
  };
  return deepMerge<ILicenseV3>(base, overrides);
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** Signs a v3 license the way Rocket.Chat's @rocket.chat/jwt does (RS256, header {alg, typ}), prefixed "RCV3_". */
export function signLicenseV3(license: ILicenseV3, privateKeyPem: string): string {
  const signingInput = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${base64url(JSON.stringify(license))}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKeyPem);
  return `RCV3_${signingInput}.${base64url(signature)}`;
}

/** A v2 license (the ≤6.4 format) small enough for one RSA block of a 2048-bit key; overrides are merged in. */
export function makeLicenseV2(overrides?: DeepPartial<ILicenseV2>, now: Date = new Date()): ILicenseV2 {
  const base: ILicenseV2 = {
    url: 'localhost:3000',
    expiry: new Date(now.getTime() + 365 * DAY_MS).toISOString(),
    maxActiveUsers: 1000,
    modules: ['auditing', 'livechat-enterprise'],
    maxGuestUsers: 100,
    maxRoomsPerGuest: 10,
    tag: { name: 'Enterprise', color: '#F3BE08' },
  };
  return deepMerge<ILicenseV2>(base, overrides);
}

/**
 * Encrypts a v2 license with the private key as one RSA block (PKCS#1 v1.5), base64: the exact string Rocket.Chat
 * reads with `crypto.publicDecrypt(publicKey, Buffer.from(text, 'base64'))`.
 */
export function encryptLicenseV2(license: ILicenseV2, privateKeyPem: string): string {
  const plaintext = Buffer.from(JSON.stringify(license), 'utf8');
  const key = createPrivateKey(privateKeyPem);
  const modulusBits = key.asymmetricKeyDetails?.modulusLength ?? 2048;
  const capacity = modulusBits / 8 - 11;
  if (plaintext.length > capacity) {
    throw new Error(
      `A v2 license is a single RSA block: this ${modulusBits}-bit key holds at most ${capacity} bytes of JSON, the license has ${plaintext.length}. ` +
        'Drop optional fields (tag, meta, apps) or generate the keys with generateLicenseKeys({ modulusLength: 4096 }) as Rocket.Chat does.',
    );
  }
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, plaintext).toString('base64');
}
