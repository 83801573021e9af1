/**
 * Reads a license string as Rocket.Chat does: `RCV3_` + RS256 JWT (v3), anything else base64 of an RSA block
 * encrypted with Rocket.Chat's private key (v2, read with public-decrypt). v2 content is converted to the v3 shape.
 * Errors never quote the input.
 */
import { createPublicKey, type KeyObject, publicDecrypt } from 'node:crypto';
import { z } from 'zod';
import type { LicenseRulesVersion } from './modules.js';
import { JwtError, verifyRs256Jwt } from './rs256-jwt.js';
import type { LicenseV2, LicenseV3 } from './types.js';
import { convertV2ToV3 } from './v2-convert.js';

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

const behavior = z.enum([
  'invalidate_license',
  'start_fair_policy',
  'prevent_action',
  'allow_action',
  'prevent_installation',
  'disable_modules',
]);
const limit = z.object({ max: z.number(), behavior, modules: z.array(z.string()).optional() });
const tag = z.object({ name: z.string(), color: z.string() });

const v3Schema = z.object({
  version: z.literal('3.0'),
  information: z.object({
    id: z.string().optional(),
    trial: z.boolean().optional(),
    offline: z.boolean().optional(),
    createdAt: z.string().optional(),
    visualExpiration: z.string().optional(),
    grantedTo: z.object({ name: z.string().optional(), company: z.string().optional(), email: z.string().optional() }).optional(),
    tags: z.array(tag).optional(),
  }),
  validation: z.object({
    serverUrls: z.array(z.object({ value: z.string(), type: z.enum(['url', 'regex', 'hash']) })),
    validPeriods: z.array(
      z.object({
        validFrom: z.string().optional(),
        validUntil: z.string().optional(),
        invalidBehavior: behavior,
        modules: z.array(z.string()).optional(),
      }),
    ),
  }),
  grantedModules: z.array(z.object({ module: z.string(), external: z.boolean().optional() })),
  limits: z.partialRecord(
    z.enum(['activeUsers', 'guestUsers', 'roomsPerGuest', 'privateApps', 'marketplaceApps', 'monthlyActiveContacts']),
    z.array(limit),
  ),
});

const v2Schema = z.object({
  url: z.string(),
  expiry: z.string(),
  maxActiveUsers: z.number().optional(),
  maxGuestUsers: z.number().optional(),
  maxRoomsPerGuest: z.number().optional(),
  modules: z.array(z.string()),
  tag: tag.optional(),
  meta: z.object({ trial: z.boolean().optional(), trialEnd: z.string().optional(), workspaceId: z.string().optional() }).optional(),
  apps: z.object({ maxPrivateApps: z.number().optional(), maxMarketplaceApps: z.number().optional() }).optional(),
});

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
  return { version: 2, license: convertV2ToV3(parsed.data as LicenseV2, version) };
}

/**
 * Decodes and checks the signature; throws LicenseReadError when the text is not a license signed by the key.
 * `version` is the Rocket.Chat version whose v2 conversion applies.
 */
export function decodeLicense(text: string, publicKeyPem: string, version: LicenseRulesVersion): DecodedLicense {
  const trimmed = text.trim();
  if (!trimmed) throw new LicenseReadError('empty', 'The license is empty: paste the license text from the Cloud Console.');
  const key = createPublicKey(publicKeyPem);
  return trimmed.startsWith('RCV3_') ? decodeV3(trimmed.slice(5), key) : decodeV2(trimmed, key, version);
}
