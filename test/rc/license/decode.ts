/**
 * Rocket.Chat's license decoding (ee/packages/license: token.ts decrypt, validation/validateFormat.ts, and the parse
 * step of LicenseManager.setLicense). Never logs or echoes its input: errors carry Rocket.Chat's fixed messages only.
 */
import { createPublicKey, createVerify, publicDecrypt } from 'node:crypto';
import type { ILicenseV2, ILicenseV3 } from '@rocket.chat/core-typings';
import type { RcSemantics } from '../version.js';
import { convertV2ToV3 } from './convert-v2.js';

/** Rocket.Chat's two format errors, as `licenses.add` returns them (400). */
export type RcFormatError = 'Empty license' | 'Invalid license';

/** A decoded license: the v3 view Rocket.Chat validates, and the object as it was signed. */
export interface RcDecodedLicense {
  format: 'v2' | 'v3';
  license: ILicenseV3;
  original: ILicenseV2 | ILicenseV3;
}

/** Outcome of decoding: the license, or where Rocket.Chat stops (format check or the later JSON parse). */
export type RcDecodeResult =
  | ({ ok: true } & RcDecodedLicense)
  | { ok: false; error: RcFormatError; stage: 'empty' | 'format' | 'parse' };

// jose's Node runtime decodes segments with Buffer, which skips characters outside the alphabet (a trailing newline
// after the signature still verifies); the apply path trims the string anyway.
function fromBase64url(segment: string): Buffer {
  return Buffer.from(segment, 'base64url');
}

// What jose.jwtVerify(jwt, importSPKI(pem, 'RS256'), {}) accepts: compact JWS, alg RS256, no unknown `crit`,
// a JSON object payload, and the registered time claims checked when present (no clock tolerance).
function verifyJwt(jwt: string, publicKeyPem: string, now: Date): string {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw new Error('not a compact JWS');
  const [headerB64 = '', payloadB64 = '', signatureB64 = ''] = parts;
  const header = JSON.parse(fromBase64url(headerB64).toString('utf8')) as Record<string, unknown>;
  if (header.alg !== 'RS256') throw new Error('unexpected alg');
  if (header.crit !== undefined) throw new Error('unsupported crit');
  const valid = createVerify('RSA-SHA256').update(`${headerB64}.${payloadB64}`).verify(publicKeyPem, fromBase64url(signatureB64));
  if (!valid) throw new Error('bad signature');
  const payloadText = fromBase64url(payloadB64).toString('utf8');
  const payload = JSON.parse(payloadText) as unknown;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new Error('payload is not an object');
  const claims = payload as Record<string, unknown>;
  const seconds = Math.floor(now.getTime() / 1000);
  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    if (claims[claim] !== undefined && typeof claims[claim] !== 'number') throw new Error(`bad ${claim}`);
  }
  if (typeof claims.exp === 'number' && claims.exp <= seconds) throw new Error('expired token');
  if (typeof claims.nbf === 'number' && claims.nbf > seconds) throw new Error('token not yet valid');
  return JSON.stringify(payload);
}

/** Rocket.Chat's decrypt(): "RCV3_" → verify the JWT (6.5+); anything else → RSA public-decrypt of base64 (v2). */
function decrypt(encoded: string, publicKeyPem: string, now: Date, v3: boolean): string {
  if (v3 && encoded.startsWith('RCV3_')) return verifyJwt(encoded.substring(5), publicKeyPem, now);
  return publicDecrypt(publicKeyPem, Buffer.from(encoded, 'base64')).toString('utf8');
}

/** Rejects a public key that Node cannot read, with the fix, before any license is judged against it. */
export function assertPublicKey(publicKeyPem: string): void {
  try {
    createPublicKey(publicKeyPem);
  } catch {
    throw new Error(
      'The license public key is not a readable PEM public key: set INFOBOT_LICENSE_PUBLIC_KEY to "-----BEGIN PUBLIC KEY-----…" text or a .pem path.',
    );
  }
}

/** Rocket.Chat's validateFormat: blank → 'Empty license'; undecryptable → 'Invalid license'. Does not parse JSON. */
export function rcValidateFormat(
  encoded: string,
  publicKeyPem: string,
  options: { semantics?: RcSemantics; now?: Date } = {},
): { ok: true } | { ok: false; error: RcFormatError } {
  assertPublicKey(publicKeyPem);
  if (!encoded || String(encoded).trim() === '') return { ok: false, error: 'Empty license' };
  try {
    decrypt(encoded, publicKeyPem, options.now ?? new Date(), options.semantics?.licenseV3 ?? true);
    return { ok: true };
  } catch {
    return { ok: false, error: 'Invalid license' };
  }
}

/**
 * Decodes a license string as Rocket.Chat does when it applies one: format check, decrypt, JSON parse, and for v2
 * the conversion to v3. The format check sees the string as given; the apply path trims it first (applyLicense).
 */
export function rcDecodeLicense(encoded: string, publicKeyPem: string, options: { semantics: RcSemantics; now?: Date }): RcDecodeResult {
  const now = options.now ?? new Date();
  const v3 = options.semantics.licenseV3;
  const format = rcValidateFormat(encoded, publicKeyPem, { semantics: options.semantics, now });
  if (!format.ok) return { ok: false, error: format.error, stage: format.error === 'Empty license' ? 'empty' : 'format' };
  try {
    const decoded = JSON.parse(decrypt(encoded, publicKeyPem, now, v3)) as ILicenseV2 | ILicenseV3;
    if (v3 && encoded.startsWith('RCV3_')) return { ok: true, format: 'v3', license: decoded as ILicenseV3, original: decoded };
    return { ok: true, format: 'v2', license: convertV2ToV3(decoded as ILicenseV2, options.semantics, now), original: decoded };
  } catch {
    return { ok: false, error: 'Invalid license', stage: 'parse' };
  }
}
