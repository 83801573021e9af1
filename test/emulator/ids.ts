/** Identifiers and login tokens shaped as Meteor and Rocket.Chat make them. */
import { createHash, randomInt } from 'node:crypto';

// Meteor's Random.id() alphabet: no look-alike characters.
const UNMISTAKABLE = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';
// Meteor's Random.secret() alphabet (base64url).
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function pick(alphabet: string, length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
	return out;
}

/** A 17-character id like Meteor's Random.id(), used for users, rooms, messages, uploads. */
export function randomId(length = 17): string {
	return pick(UNMISTAKABLE, length);
}

/** A 43-character login token like Meteor's Random.secret(). */
export function randomSecret(length = 43): string {
	return pick(BASE64, length);
}

/** Meteor's Accounts._hashLoginToken: base64 of the sha-256 of the token; stored as loginTokens[].hashedToken. */
export function hashLoginToken(token: string): string {
	return createHash('sha256').update(token).digest('base64');
}

/** The hex sha-256 digest a DDP client sends as `password.digest`. */
export function sha256Hex(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}
