/**
 * How users appear in REST answers: `me` and login's `me` (helpers/getUserInfo.ts), users.info's public and
 * full views (lib/getFullUserData.ts), and the field lists Rocket.Chat never sends (services, passwords).
 */
import type { UserDoc } from '../collections.js';

const PUBLIC_FIELDS = ['_id', 'name', 'username', 'nickname', 'status', 'utcOffset', 'type', 'active', 'bio', 'reason', 'statusText', 'avatarETag'];
const FULL_EXTRA = ['emails', 'phone', 'statusConnection', 'createdAt', 'lastLogin', 'roles', 'requirePasswordChange', 'requirePasswordChangeReason', 'customFields', '_updatedAt', 'settings'];

function pick(user: UserDoc, fields: string[]): Record<string, unknown> {
	const record = user as unknown as Record<string, unknown>;
	return Object.fromEntries(fields.filter((field) => record[field] !== undefined).map((field) => [field, record[field]]));
}

/** users.info for callers who are not the user and lack view-full-other-user-info. */
export function publicUserView(user: UserDoc): Record<string, unknown> {
	return pick(user, PUBLIC_FIELDS);
}

/** users.info for the user itself or callers with view-full-other-user-info: roles and emails included. */
export function fullUserView(user: UserDoc): Record<string, unknown> {
	return pick(user, [...PUBLIC_FIELDS, ...FULL_EXTRA]);
}

/**
 * getUserInfo: the caller's own record for `me` and login, with avatarUrl and `settings` rebuilt as
 * `{ profile: {}, preferences: { ...server defaults, ...the user's own } }` (other keys of user.settings dropped).
 */
export function meView(user: UserDoc, siteUrl: string, defaultPreferences: Record<string, unknown>): Record<string, unknown> {
	const verified = user.emails?.find((email) => email.verified)?.address;
	return {
		...fullUserView(user),
		...(verified && { email: verified }),
		settings: { profile: {}, preferences: { ...defaultPreferences, ...(user.settings?.preferences ?? {}) } },
		avatarUrl: `${siteUrl}/avatar/${user.username ?? ''}`,
	};
}
