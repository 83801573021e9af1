/** What every emulator service shares: the workspace's collections, the event bus, faults and identity. */
import type { Db } from 'mongodb';
import type { EventBus } from './bus.js';
import type { Collections } from './collections.js';
import type { FaultState } from './faults.js';
import type { FileStore } from './uploads.js';

/** Who this emulated server claims to be; facts a real server reports about itself. */
export interface ServerIdentity {
	/** Rocket.Chat version claimed, e.g. '7.10.2'. */
	version: string;
	/** The `instances` record id of this server process. */
	instanceId: string;
	/** Process id reported in statistics and instances (the emulated server's, not the test runner's). */
	pid: number;
	/** Node.js version the claimed Rocket.Chat release ships with. */
	nodeVersion: string;
	/** When this server started (ms since epoch); uptime counts from here. */
	startedAt: number;
}

/** Shared state handed to every route, method and service. */
export interface EmulatorContext {
	db: Db;
	c: Collections;
	bus: EventBus;
	faults: FaultState;
	identity: ServerIdentity;
	files: FileStore;
	/** Base URL clients reach this server at (http://127.0.0.1:<port>). */
	url(): string;
	licensePublicKeyPem?: string;
	/** The statistics snapshot a server takes when it boots; `statistics` waits for it. */
	bootStatistics: Promise<void>;
	log(line: string): void;
}

/** Major version number of a Rocket.Chat version string ('8.1.0' → 8). */
export function majorOf(version: string): number {
	return Number.parseInt(version.split('.')[0] ?? '0', 10) || 0;
}

/** Compares two release numbers ('7.10.2' vs '7.11.0'): negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
	const pa = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
	const pb = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
	for (let i = 0; i < 3; i += 1) {
		const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (diff !== 0) return diff;
	}
	return 0;
}
