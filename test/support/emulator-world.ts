/**
 * The world of the emulator's tests and of Rocket.Chat's own API tests (test/emulator, test/rc-tests): the emulator's
 * seeded test workspace in the file's database, the emulator serving it, and its admin and regular user logged in.
 * Started in the calling suite's beforeAll and stopped in its afterAll (after the suite's own afterAll hooks).
 */
import { afterAll, beforeAll } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator/index.js';
import { seedTestWorkspace, type TestWorkspace } from '../emulator/workspace.js';
import type { FileDb } from './db.js';
import { RcUser } from './rc-user.js';

/** The world once the suite's beforeAll ran; reading it earlier throws. */
export interface EmulatorWorld {
	fixture: TestWorkspace;
	emulator: Emulator;
	/** The workspace's admin, logged in. */
	admin: RcUser;
	/** The workspace's regular user (`fixture.user`), logged in. */
	alice: RcUser;
}

/** Who is logged in at start (each login is a bcrypt check: only those the file uses). */
export type WorldUser = 'admin' | 'alice';

/** Registers the hooks that start and stop the world; its fields are read inside tests and later hooks. */
export function emulatorWorld(t: FileDb, options: { emulator?: Omit<EmulatorOptions, 'db'>; users?: readonly WorldUser[] } = {}): EmulatorWorld {
	const users = options.users ?? ['admin', 'alice'];
	const parts: Partial<EmulatorWorld> = {};
	const world = {} as EmulatorWorld;
	for (const key of ['fixture', 'emulator', 'admin', 'alice'] as const) {
		Object.defineProperty(world, key, {
			get() {
				const value = parts[key];
				if (value === undefined) throw new Error(`the emulator world has no ${key} (not started, or not logged in at start)`);
				return value;
			},
		});
	}
	beforeAll(async () => {
		const fixture = await seedTestWorkspace(t.db);
		parts.fixture = fixture;
		parts.emulator = await startEmulator({ db: t.db, ...options.emulator });
		const url = parts.emulator.url;
		if (users.includes('admin')) parts.admin = await RcUser.login(url, fixture.admin.username, fixture.admin.password);
		if (users.includes('alice')) parts.alice = await RcUser.login(url, fixture.user.username, fixture.user.password);
	});
	afterAll(async () => {
		await Promise.all([parts.admin?.close(), parts.alice?.close()]);
		await parts.emulator?.stop();
	});
	return world;
}
