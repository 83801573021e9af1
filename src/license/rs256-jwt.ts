/** Verifies an RS256 JSON Web Token with node:crypto, the way Rocket.Chat checks v3 licenses (jose's jwtVerify). */
import { type KeyObject, verify } from 'node:crypto';

/** Why a token was refused: it is not a JWT at all, or its signature does not match the key. */
export class JwtError extends Error {
  constructor(
    readonly kind: 'format' | 'signature',
    message: string,
  ) {
    super(message);
  }
}

function decodeJsonPart(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError('format', `the token's ${what} is not base64url-encoded JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JwtError('format', `the token's ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Returns the payload when the signature matches; throws JwtError otherwise. */
export function verifyRs256Jwt(token: string, key: KeyObject): Record<string, unknown> {
  const parts = token.split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || !header || !payload || !signature) {
    throw new JwtError('format', 'a v3 license is "RCV3_" followed by a JSON Web Token of three dot-separated parts');
  }
  const head = decodeJsonPart(header, 'header');
  if (head.alg !== 'RS256') {
    throw new JwtError('signature', `the token is signed with ${String(head.alg)}, but Rocket.Chat licenses use RS256`);
  }
  const body = decodeJsonPart(payload, 'payload');
  const signed = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
  if (!signed) {
    throw new JwtError('signature', 'the signature does not match the license public key');
  }
  return body;
}
