/**
 * Reads a license string as Rocket.Chat does: `RCV3_` + RS256 JWT (v3), anything else base64 of an RSA block
 * encrypted with Rocket.Chat's private key (v2, read with public-decrypt). v2 content is converted to the v3 shape.
 * Errors never quote the input.
 */
import { createPublicKey, type KeyObject, publicDecrypt } from 'node:crypto';
import type { z } from 'zod';
import type { LicenseRulesVersion } from './modules.js';
import { JwtError, verifyRs256Jwt } from './rs256-jwt.js';
import { licenseV2Schema as v2Schema, licenseV3Schema as v3Schema } from './schema.js';
import type { LicenseV3 } from './types.js';
import { convertV2ToV3 } from './v2-convert.js';

/**
 * The longest text read as a license. A v2 license is one RSA block (at most 684 base64 characters for a 4096-bit key);
 * a v3 license is a JWT of a few kilobytes. The bound keeps reading untrusted text linear and bounded; it is the bot's
 * own upload limit too (64 KiB).
 */
export const MAX_LICENSE_CHARS = 64 * 1024;

/** The license could not be read: `empty`, `format` (not a license string) or `signature` (not signed by the key). */
export class LicenseReadError extends Error {
  constructor(
    readonly code: 'empty' | 'format' | 'signature',
    message: string,
  ) {
    super(message);
  }
}

/** A readable, correctly signed license. */
export interface DecodedLicense {
  version: 2 | 3;
  license: LicenseV3;
  /** JWT `nbf`/`exp` claims (v3), which Rocket.Chat's JWT check enforces too. */
  notBefore?: Date;
  expiresAt?: Date;
}

function shapeProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'the license'}: ${issue.message}` : 'unexpected shape';
}

function claimDate(value: unknown): Date | undefined {
  return typeof value === 'number' ? new Date(value * 1000) : undefined;
}

function decodeV3(jwt: string, key: KeyObject): DecodedLicense {
  let payload: Record<string, unknown>;
  try {
    payload = verifyRs256Jwt(jwt, key);
  } catch (error) {
    if (error instanceof JwtError) throw new LicenseReadError(error.kind, `This is not a valid v3 license: ${error.message}.`);
    throw error;
  }
  const parsed = v3Schema.safeParse(payload);
  if (!parsed.success) {
    throw new LicenseReadError('format', `The v3 license is signed but not shaped like a Rocket.Chat license (${shapeProblem(parsed.error)}).`);
  }
  return { version: 3, license: parsed.data, notBefore: claimDate(payload.nbf), expiresAt: claimDate(payload.exp) };
}

function decodeV2(text: string, key: KeyObject, version: LicenseRulesVersion): DecodedLicense {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new LicenseReadError('format', 'This is not a license: a license is "RCV3_" followed by a token, or a block of base64 text.');
  }
  const block = Buffer.from(compact, 'base64');
  const keyBytes = (key.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
  if (block.length !== keyBytes) {
    throw new LicenseReadError(
      'format',
      `This is not a v2 license: its encrypted block has ${block.length} bytes where the key expects ${keyBytes}. Paste the whole license text.`,
    );
  }
  let json: string;
  try {
    json = publicDecrypt(key, block).toString('utf8');
  } catch {
    throw new LicenseReadError('signature', 'The v2 license was not issued for this public key: it does not decrypt with it.');
  }
  let content: unknown;
  try {
    content = JSON.parse(json);
  } catch {
    throw new LicenseReadError('format', 'The v2 license decrypts, but its content is not JSON.');
  }
  const parsed = v2Schema.safeParse(content);
  if (!parsed.success) {
    throw new LicenseReadError('format', `The v2 license decrypts, but is not shaped like a Rocket.Chat license (${shapeProblem(parsed.error)}).`);
  }
  return { version: 2, license: convertV2ToV3(parsed.data, version) };
}

/**
 * Decodes and checks the signature; throws LicenseReadError when the text is not a license signed by the key.
 * `version` is the Rocket.Chat version whose v2 conversion applies.
 */
export function decodeLicense(text: string, publicKeyPem: string, version: LicenseRulesVersion): DecodedLicense {
  // Refused before any whitespace pass, regular expression or base64 decode runs over it.
  if (text.length > MAX_LICENSE_CHARS) {
    throw new LicenseReadError('format', `This is not a license: it is ${text.length} characters long, and a license is a few thousand at most.`);
  }
  const trimmed = text.trim();
  if (!trimmed) throw new LicenseReadError('empty', 'The license is empty: paste the license text from the Cloud Console.');
  const key = createPublicKey(publicKeyPem);
  if (!trimmed.startsWith('RCV3_')) return decodeV2(trimmed, key, version);
  // Rocket.Chat ≤ 6.4 has no v3 reader (ee/packages/license, with its RCV3_ branch in token.ts decrypt, came in 6.5):
  // it reads every string as a v2 block, so a v3 license never decrypts there.
  if (version.major < 6 || (version.major === 6 && version.minor < 5)) {
    throw new LicenseReadError(
      'format',
      `Rocket.Chat ${version.major}.${version.minor} reads only v2 licenses: this v3 license ("RCV3_…") needs Rocket.Chat 6.5 or later. Update Rocket.Chat or ask for a v2 license.`,
    );
  }
  return decodeV3(trimmed.slice(5), key);
}
