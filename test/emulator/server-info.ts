/**
 * Facts the emulated server reports about itself: the build info of GET /api/info (utils/rocketchat.info,
 * api/server/lib/getServerInfo.ts) and its record in the `instances` collection (InstanceStatus).
 */
import { arch, cpus, freemem, loadavg, platform, release, totalmem, type, uptime } from 'node:os';
import type { Collection } from 'mongodb';
import type { InstanceDoc } from './collections.js';
import type { ServerIdentity } from './context.js';
import { majorOf } from './context.js';

/** The Node.js release each Rocket.Chat major ships with (its .node-version), claimed by the emulated server. */
export function nodeVersionFor(version: string): string {
	const major = majorOf(version);
	if (major >= 8) return 'v22.16.0';
	if (major === 7) return 'v22.14.0';
	return 'v14.21.4';
}

/** Clients older than these are told to upgrade (rocketchat.info minimumClientVersions). */
export const minimumClientVersions = { desktop: '3.9.6', mobile: '4.39.0' };

/** `version` trimmed to major.minor, as anonymous callers see it. */
export function trimmedVersion(version: string): string {
	return version.replace(/(\d+\.\d+).*/, '$1');
}

/** The Info object (rocketchat.info) shown to callers with view-statistics. */
export function buildInfo(identity: ServerIdentity): Record<string, unknown> {
	const started = new Date(identity.startedAt);
	return {
		version: identity.version,
		build: {
			date: started.toISOString(),
			nodeVersion: identity.nodeVersion,
			arch: arch(),
			platform: platform(),
			osRelease: release(),
			totalMemory: totalmem(),
			freeMemory: freemem(),
			cpus: cpus().length,
		},
		marketplaceApiVersion: '1.49.0',
		commit: {
			hash: 'emulator',
			date: started.toUTCString(),
			author: 'rocketchat-infobot emulator',
			subject: `Rocket.Chat ${identity.version} (emulated)`,
			tag: identity.version,
			branch: 'HEAD',
		},
	};
}

/** The `instances` document a running server keeps (InstanceStatus.registerInstance). */
export function instanceRecord(identity: ServerIdentity, port: number): InstanceDoc {
	const now = new Date();
	return {
		_id: identity.instanceId,
		_createdAt: new Date(identity.startedAt),
		_updatedAt: now,
		name: 'rocket.chat',
		pid: identity.pid,
		extraInformation: {
			host: '127.0.0.1',
			port: String(port),
			tcpPort: 0,
			os: {
				type: type(),
				platform: platform(),
				arch: arch(),
				release: release(),
				uptime: uptime(),
				loadavg: loadavg(),
				totalmem: totalmem(),
				freemem: freemem(),
				cpus: cpus().length,
			},
			nodeVersion: identity.nodeVersion,
		},
	};
}

/**
 * The heartbeat of packages/instance-status: every MULTIPLE_INSTANCES_PING_INTERVAL seconds (default 10) the server
 * bumps its record's `_updatedAt` (`$currentDate`), and registers the record again when the update found none (a TTL
 * index on `_updatedAt` removes records of servers that stopped pinging; that index is not created here: FerretDB
 * refuses `expireAfterSeconds`, and records of stopped emulators are removed on shutdown). Returns the stop function.
 */
export function startInstancePing(instances: Collection<InstanceDoc>, record: () => InstanceDoc, intervalMs: number): () => void {
	const timer = setInterval(() => {
		void (async () => {
			const result = await instances.updateOne({ _id: record()._id }, { $currentDate: { _updatedAt: true } });
			// Rocket.Chat re-registers when nothing was modified; nothing matched says the same without a same-millisecond tie.
			if (result.matchedCount === 0) {
				const { _id, ...fields } = record();
				await instances.updateOne({ _id }, { $set: fields }, { upsert: true });
			}
		})().catch(() => {
			// The database went away (a stopping test): the next tick tries again, as Rocket.Chat's interval does.
		});
	}, intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}

