import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

/**
 * What Rocket.Chat stores in `services.password.bcrypt`: Meteor's accounts-password hashes the hex
 * SHA-256 of the password (the digest the client sends) with bcrypt, cost 10.
 */
export function hashPasswordForRocketChat(password: string): string {
  return hashPasswordWithSalt(password, [...randomBytes(16)]);
}

/** The same hash with a given 16-byte salt, so that seeded workspaces are byte-for-byte reproducible. */
export function hashPasswordWithSalt(password: string, salt: readonly number[]): string {
  if (salt.length !== 16) throw new Error(`a bcrypt salt is 16 bytes, got ${salt.length}`);
  const digest = createHash('sha256').update(password).digest('hex');
  return bcrypt.hashSync(digest, `$2b$10$${bcrypt.encodeBase64([...salt], 16)}`);
}
