/**
 * The workspace the emulator's tests run against: the seeder's tiny workspace (dated now), plus one
 * private group only the admin belongs to, the room a regular user must not reach.
 */
import type { Db } from 'mongodb';
import { type SeedAccount, seedWorkspace } from '../support/seed/index.js';
import { collectionsOf } from './collections.js';
import { randomId } from './ids.js';

/** Handles on the accounts and rooms the tests use. */
export interface TestWorkspace {
	admin: SeedAccount;
	/** A regular user: no view-statistics, member of #general and #infobot-admin. */
	user: SeedAccount;
	bot: SeedAccount;
	general: { _id: string; name: string };
	adminRoom: { _id: string; name: string };
	/** A private group with the admin as its only member. */
	secret: { _id: string; name: string };
}

export async function seedTestWorkspace(db: Db): Promise<TestWorkspace> {
	const seeded = await seedWorkspace(db, { size: 'tiny', now: new Date() });
	const c = collectionsOf(db);
	const { admin } = seeded.accounts;
	const now = new Date();
	const secret = { _id: randomId(), name: 'emulator-secret' };
	await c.rooms.insertOne({
		_id: secret._id,
		t: 'p',
		name: secret.name,
		fname: secret.name,
		msgs: 0,
		usersCount: 1,
		u: { _id: admin._id, username: admin.username },
		ts: now,
		_updatedAt: now,
	});
	await c.subscriptions.insertOne({
		_id: randomId(),
		rid: secret._id,
		u: { _id: admin._id, username: admin.username },
		t: 'p',
		name: secret.name,
		fname: secret.name,
		roles: ['owner'],
		open: true,
		alert: false,
		unread: 0,
		ts: now,
		ls: now,
		_updatedAt: now,
	});
	return {
		...seeded.accounts,
		general: { _id: 'GENERAL', name: 'general' },
		adminRoom: seeded.adminRoom,
		secret,
	};
}
