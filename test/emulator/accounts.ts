/**
 * Meteor accounts as Rocket.Chat uses them: password login against `services.password.bcrypt`
 * (bcrypt of the hex sha-256 of the password), resume login by a token whose sha-256 (base64) is stored in
 * `services.resume.loginTokens`, personal access tokens in the same list.
 */
import bcrypt from 'bcryptjs';
import type { UpdateFilter } from 'mongodb';
import type { Collections, LoginTokenDoc, UserDoc } from './collections.js';
import { MeteorError } from './errors.js';
import { hashLoginToken, randomSecret, sha256Hex } from './ids.js';
import { getSetting } from './settings.js';

/** The outcome of a successful login: what the DDP `login` method returns. */
export interface LoginResult {
	user: UserDoc;
	token: string;
	tokenExpires: Date;
	type: 'password' | 'resume';
}

/** How a client identifies the account in a password login. */
export type UserSelector = { username: string } | { email: string } | { id: string };

const DAY_MS = 24 * 60 * 60 * 1000;

// The driver's update types do not follow dotted paths into optional nested arrays; these updates are Rocket.Chat's own.
function tokenUpdate(update: Record<string, unknown>): UpdateFilter<UserDoc> {
	return update as UpdateFilter<UserDoc>;
}

async function expiryOf(c: Collections, when: Date): Promise<Date> {
	const days = await getSetting<number>(c, 'Accounts_LoginExpiration');
	return new Date(when.getTime() + (days > 0 ? days : 90) * DAY_MS);
}

function assertActive(user: UserDoc): void {
	// Accounts.validateLoginAttempt in Rocket.Chat refuses deactivated users.
	if (user.active === false) throw new MeteorError('error-user-is-not-activated', 'User is not activated');
}

async function findBySelector(c: Collections, selector: UserSelector): Promise<UserDoc | null> {
	if ('id' in selector) return c.users.findOne({ _id: selector.id });
	if ('username' in selector) return c.users.findOne({ username: selector.username });
	return c.users.findOne({ 'emails.address': selector.email.toLowerCase() });
}

/** Adds a fresh login token to the user, as Accounts._insertLoginToken does. */
export async function createLoginToken(c: Collections, userId: string): Promise<{ token: string; when: Date }> {
	const token = randomSecret();
	const when = new Date();
	const entry: LoginTokenDoc = { when, hashedToken: hashLoginToken(token) };
	await c.users.updateOne({ _id: userId }, tokenUpdate({ $push: { 'services.resume.loginTokens': entry }, $set: { lastLogin: when } }));
	return { token, when };
}

/** Password login: `digest` is the hex sha-256 of the password. */
export async function loginWithPassword(c: Collections, selector: UserSelector, digest: string): Promise<LoginResult> {
	const user = await findBySelector(c, selector);
	if (!user) throw new MeteorError(403, 'User not found');
	const hash = user.services?.password?.bcrypt;
	if (!hash) throw new MeteorError(403, 'User has no password set');
	// Rocket.Chat's loginErrorMessageOverride (server/lib) turns Meteor's 'Incorrect password' into 'User not found',
	// so nobody learns whether the account exists (REST then answers 401 Unauthorized).
	if (!(await bcrypt.compare(digest.toLowerCase(), hash))) throw new MeteorError(403, 'User not found');
	assertActive(user);
	const { token, when } = await createLoginToken(c, user._id);
	return { user, token, tokenExpires: await expiryOf(c, when), type: 'password' };
}

/** Password login with the plain password (REST `login` with `password` as a string). */
export function loginWithPlainPassword(c: Collections, selector: UserSelector, password: string): Promise<LoginResult> {
	return loginWithPassword(c, selector, sha256Hex(password));
}

function tokenEntry(user: UserDoc, hashed: string): LoginTokenDoc | undefined {
	return user.services?.resume?.loginTokens?.find((entry) => entry.hashedToken === hashed);
}

/** Resume login with a login token or a personal access token. */
export async function loginWithResume(c: Collections, token: string): Promise<LoginResult> {
	const hashed = hashLoginToken(token);
	const user = await c.users.findOne({ 'services.resume.loginTokens.hashedToken': hashed });
	const entry = user && tokenEntry(user, hashed);
	if (!user || !entry) throw new MeteorError(403, "You've been logged out by the server. Please log in again.");
	const when = entry.when ?? entry.createdAt ?? new Date();
	const tokenExpires = await expiryOf(c, when);
	if (entry.type !== 'personalAccessToken' && tokenExpires.getTime() < Date.now()) {
		throw new MeteorError(403, 'Your session has expired. Please log in again.');
	}
	assertActive(user);
	return { user, token, tokenExpires, type: 'resume' };
}

/** The user owning a token, checked against the claimed user id (REST X-User-Id / X-Auth-Token). */
export async function userByToken(c: Collections, userId: string, token: string): Promise<UserDoc | null> {
	return c.users.findOne({ _id: userId, 'services.resume.loginTokens.hashedToken': hashLoginToken(token) });
}

/** Removes one login token (REST `logout`, DDP `logout`). */
export async function removeLoginToken(c: Collections, userId: string, token: string): Promise<void> {
	// Rocket.Chat $pulls by hashedToken; FerretDB v1 ignores a $pull with a condition, so the list is rewritten instead.
	const hashed = hashLoginToken(token);
	const user = await c.users.findOne({ _id: userId }, { projection: { 'services.resume.loginTokens': 1 } });
	const tokens = user?.services?.resume?.loginTokens ?? [];
	const kept = tokens.filter((entry) => entry.hashedToken !== hashed);
	if (kept.length === tokens.length) return;
	await c.users.updateOne({ _id: userId }, tokenUpdate({ $set: { 'services.resume.loginTokens': kept } }));
}
