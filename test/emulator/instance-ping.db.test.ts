/**
 * The emulated server keeps its `instances` record alive as Rocket.Chat's packages/instance-status does: it bumps
 * `_updatedAt` every ping interval, registers the record again when it is gone (Rocket.Chat's TTL index removed it),
 * and removes it when the server stops. The interval is short here; Rocket.Chat's default is 10 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileDb } from '../support/db.js';
import { collectionsOf } from './collections.js';
import { type Emulator, startEmulator } from './index.js';

describe("the emulated server's instance heartbeat", async () => {
	const t = await openFileDb();
	const c = collectionsOf(t.db);
	let emulator: Emulator;

	beforeAll(async () => {
		emulator = await startEmulator({ db: t.db, instancePingMs: 100, statisticsAtBoot: false });
	});
	afterAll(async () => {
		await emulator?.stop();
	});

	// Waits for the record to reach a state (a ping happening), not for nothing to happen; the bound only ends a failure.
	async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
		const deadline = Date.now() + 20_000;
		for (;;) {
			const value = await read();
			if (ok(value) || Date.now() > deadline) return value;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	it('bumps _updatedAt and keeps _createdAt', async () => {
		const [first] = await c.instances.find({}).toArray();
		expect(first).toBeDefined();
		const later = await until(
			() => c.instances.findOne({ _id: first?._id }),
			(doc) => (doc?._updatedAt?.getTime() ?? 0) > (first?._updatedAt?.getTime() ?? 0),
		);
		expect(later?._updatedAt.getTime()).toBeGreaterThan(first?._updatedAt.getTime() ?? Number.POSITIVE_INFINITY);
		expect(later?._createdAt).toEqual(first?._createdAt);
	});

	it('registers the record again when it was removed', async () => {
		const [record] = await c.instances.find({}).toArray();
		await c.instances.deleteMany({});
		const back = await until(
			() => c.instances.findOne({ _id: record?._id }),
			(doc) => doc !== null,
		);
		expect(back?.pid).toBe(record?.pid);
		// The same server (its os figures are read anew, as Rocket.Chat's registerInstance does).
		const { host, port, nodeVersion } = record?.extraInformation ?? {};
		expect(back?.extraInformation).toMatchObject({ host, port, nodeVersion });
	});
});
