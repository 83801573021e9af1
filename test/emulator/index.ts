/**
 * A Rocket.Chat server emulator for tests and the sandbox: REST under /api, DDP at /websocket, file
 * downloads under /file-upload, all backed by a Rocket.Chat workspace's own MongoDB collections.
 * Written from Rocket.Chat's API and source; faults can be switched on to test how clients cope.
 */
import { randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from 'mongodb';
import { EventBus } from './bus.js';
import { collectionsOf } from './collections.js';
import type { EmulatorContext, ServerIdentity } from './context.js';
import { DdpServer } from './ddp/ddp-server.js';
import { createFaultState } from './faults.js';
import { randomId } from './ids.js';
import { requestHandler } from './rest/http-server.js';
import { instanceRecord, nodeVersionFor, startInstancePing } from './server-info.js';
import { saveBootStatistics } from './statistics-boot.js';
import { FileStore } from './uploads.js';

/** How to start an emulator. */
export interface EmulatorOptions {
	/** The workspace database (Rocket.Chat's collections); the emulator reads and writes it as Rocket.Chat would. */
	db: Db;
	/** TCP port on 127.0.0.1; 0 (default) picks a free one. */
	port?: number;
	/** Rocket.Chat version to claim, default '7.10.2'; 8.x versions have no rooms.upload. */
	version?: string;
	/** Key to verify licenses with; default INFOBOT_LICENSE_PUBLIC_KEY or Rocket.Chat's own. */
	licensePublicKeyPem?: string;
	/** Receives one line per REST request and DDP frame (credentials blanked). */
	log?: (line: string) => void;
	/** Idle time before the server pings a DDP client, and again before it gives the client up; default 15 s (Meteor's). */
	heartbeatMs?: number;
	/**
	 * Save the statistics snapshot Rocket.Chat saves at boot (default true). A test that never reads statistics turns it
	 * off: the full statistics plan runs for seconds beside the test on FerretDB, and for longer on a loaded machine.
	 */
	statisticsAtBoot?: boolean;
	/** How often the server bumps its `instances` record (MULTIPLE_INSTANCES_PING_INTERVAL); default 10 s, Rocket.Chat's. */
	instancePingMs?: number;
}

/** A running emulator and its fault switches. */
export interface Emulator {
	/** http://127.0.0.1:<port> */
	url: string;
	port: number;
	db: Db;
	faults: {
		/** Abrupt close of every DDP socket: clients see code 1006. */
		dropSockets(): void;
		/** Clean close of every DDP socket with the code (default 1000). */
		closeSockets(code?: number): void;
		/** Resume-token logins (DDP and REST) answered with 403. */
		rejectResumes(on: boolean): void;
		/** Stop answering client pings and stop sending server pings. */
		ignorePings(on: boolean): void;
		/** Delay every REST response and DDP method result by this many milliseconds (0 = none). */
		delayResponses(ms: number): void;
		/** Make REST calls whose path matches fail with this status (default 503); null ends it. */
		failRest(pathPattern: RegExp | null, status?: number): void;
	};
	/** Claim another Rocket.Chat version from now on. */
	setVersion(version: string): void;
	/** Stop and start again on the same port: every client is disconnected and must reconnect. */
	restart(): Promise<void>;
	stop(): Promise<void>;
}

function newIdentity(version: string): ServerIdentity {
	// The emulated server is another process than the test runner: it must not report the runner's pid.
	let pid = randomInt(20_000, 4_000_000);
	if (pid === process.pid) pid += 1;
	return { version, instanceId: randomId(), pid, nodeVersion: nodeVersionFor(version), startedAt: Date.now() };
}

function listen(server: Server, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const onError = (error: Error) => reject(error);
		server.once('error', onError);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', onError);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

function close(server: Server): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
	const c = collectionsOf(options.db);
	const files = await FileStore.create();
	let url = '';
	const ctx: EmulatorContext = {
		db: options.db,
		c,
		bus: new EventBus(),
		faults: createFaultState(),
		identity: newIdentity(options.version ?? '7.10.2'),
		files,
		url: () => url,
		licensePublicKeyPem: options.licensePublicKeyPem,
		bootStatistics: Promise.resolve(),
		log: options.log ?? (() => {}),
	};
	const ddp = new DdpServer(ctx, options.heartbeatMs ?? 15_000);
	const server = createServer(requestHandler(ctx));
	server.on('upgrade', (req, socket, head) => {
		if (!ddp.handleUpgrade(req, socket, head)) socket.destroy();
	});

	let stopPing = () => {};
	const boot = async (port: number) => {
		const bound = await listen(server, port);
		url = `http://127.0.0.1:${bound}`;
		await c.instances.insertOne(instanceRecord(ctx.identity, bound));
		stopPing = startInstancePing(c.instances, () => instanceRecord(ctx.identity, bound), options.instancePingMs ?? 10_000);
		if (options.statisticsAtBoot !== false) ctx.bootStatistics = saveBootStatistics(ctx);
		return bound;
	};
	const shutdown = async () => {
		stopPing();
		ddp.dropAll();
		await close(server);
		await ctx.bootStatistics;
		await c.instances.deleteOne({ _id: ctx.identity.instanceId });
	};

	let port: number;
	try {
		port = await boot(options.port ?? 0);
	} catch (error) {
		ddp.stop();
		await files.remove();
		throw error;
	}
	const emulator: Emulator = {
		url,
		port,
		db: options.db,
		faults: {
			dropSockets: () => ddp.dropAll(),
			closeSockets: (code = 1000) => ddp.closeAll(code),
			rejectResumes: (on) => {
				ctx.faults.rejectResumes = on;
			},
			ignorePings: (on) => {
				ctx.faults.ignorePings = on;
			},
			delayResponses: (ms) => {
				ctx.faults.delayMs = ms;
			},
			failRest: (pathPattern, status = 503) => {
				ctx.faults.failRest = pathPattern ? { pattern: pathPattern, status } : null;
			},
		},
		setVersion(version) {
			ctx.identity = { ...ctx.identity, version, nodeVersion: nodeVersionFor(version) };
		},
		async restart() {
			await shutdown();
			ctx.identity = newIdentity(ctx.identity.version);
			await boot(port);
		},
		async stop() {
			await shutdown();
			ddp.stop();
			await files.remove();
		},
	};
	return emulator;
}
