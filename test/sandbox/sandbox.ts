/**
 * `npm run sandbox`: a demo workspace to try infobot in. Starts a test database (in memory, or the server in
 * MONGO_URL), seeds a small Rocket.Chat workspace with demo accounts, serves it with the Rocket.Chat emulator
 * on SANDBOX_PORT (default 3000), starts the bot, writes the details to .sandbox/sandbox.json, and — when run
 * in a terminal — lets you chat as the demo accounts. Ctrl-C stops everything. Licenses are checked with a key
 * pair made at start (not Rocket.Chat's), so the demo licenses it writes to the state dir can be tried by DM.
 *
 * Environment: SANDBOX_PORT (3000), MONGO_URL (use that server; the sandbox works in its own database
 * "rocketchat_sandbox", dropped at start), SANDBOX_RC_VERSION (7.10.2), SANDBOX_BOT=off (no bot),
 * SANDBOX_STATE_DIR (.sandbox), LOG_LEVEL (the bot's, default warn).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config.js';
import { type RunningBot, startBot } from '../../src/main.js';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { generateLicenseKeys, makeLicenseV3, signLicenseV3 } from '../support/license-signer.js';
import { type SeedAccount, seedWorkspace } from '../support/seed/index.js';
import { startTestDb, type TestDb } from '../support/test-db.js';
import { type ChatClient, startChatClient } from './chat-client.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ROOM = 'infobot-admin';

/** What .sandbox/sandbox.json holds: everything a script or a newcomer needs to reach the sandbox. */
export interface SandboxInfo {
	url: string;
	mongoUrl: string;
	room: string;
	admin: { username: string; password: string };
	user: { username: string; password: string };
	bot: { username: string; password: string };
	/** Demo license files signed with the sandbox's own key: one valid for this workspace, one expired. */
	licenses: { valid: string; expired: string };
}

function portFrom(env: NodeJS.ProcessEnv): number {
	const text = env.SANDBOX_PORT ?? '3000';
	const port = Number(text);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new Error(`SANDBOX_PORT must be a port number from 1 to 65535, not "${text}".`);
	}
	return port;
}

function withDatabase(serverUrl: string, name: string): string {
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

const login = (account: SeedAccount) => ({ username: account.username, password: account.password });

const DAY_MS = 24 * 60 * 60 * 1000;

// Rocket.Chat matches a license's server URL against Site_Url without scheme and trailing slash.
async function writeDemoLicenses(stateDir: string, siteUrl: string, privateKeyPem: string, now: Date): Promise<SandboxInfo['licenses']> {
	const serverUrls = [{ value: new URL(siteUrl).host, type: 'url' as const }];
	const grantedTo = { name: 'Sandbox', company: 'infobot sandbox', email: 'admin@example.com' };
	const valid = makeLicenseV3({ information: { id: 'sandbox-demo-valid', grantedTo }, validation: { serverUrls } }, now);
	const expiredUntil = new Date(now.getTime() - 30 * DAY_MS).toISOString();
	const expired = makeLicenseV3(
		{
			information: { id: 'sandbox-demo-expired', grantedTo, visualExpiration: expiredUntil },
			validation: {
				serverUrls,
				validPeriods: [{ validFrom: new Date(now.getTime() - 395 * DAY_MS).toISOString(), validUntil: expiredUntil, invalidBehavior: 'invalidate_license' }],
			},
		},
		now,
	);
	const files = { valid: join(stateDir, 'license-valid.txt'), expired: join(stateDir, 'license-expired.txt') };
	await writeFile(files.valid, `${signLicenseV3(valid, privateKeyPem)}\n`, { mode: 0o600 });
	await writeFile(files.expired, `${signLicenseV3(expired, privateKeyPem)}\n`, { mode: 0o600 });
	return files;
}

// ─── The bot ────────────────────────────────────────────────────────────────────────────────────────────────
// The sandbox runs infobot against the emulator exactly as a deployment runs it against Rocket.Chat:
// configured from the environment variables a real installation sets.
function startInfobot(info: SandboxInfo, env: NodeJS.ProcessEnv, licensePublicKeyPem: string): Promise<RunningBot> {
	const config = loadConfig({
		ROCKETCHAT_URL: info.url,
		ROCKETCHAT_USER: info.bot.username,
		ROCKETCHAT_PASSWORD: info.bot.password,
		MONGO_URL: info.mongoUrl,
		INFOBOT_ROOMS: info.room,
		LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
		// /livez, /readyz and /metrics on the port given, else on any free one.
		INFOBOT_HTTP_PORT: env.INFOBOT_HTTP_PORT ?? '0',
		// The sandbox signs its demo licenses with a key of its own.
		INFOBOT_LICENSE_PUBLIC_KEY: licensePublicKeyPem,
	});
	return startBot(config);
}
// ────────────────────────────────────────────────────────────────────────────────────────────────────────────

function banner(info: SandboxInfo, version: string, file: string, bot: string, licenses: SandboxInfo['licenses']): string[] {
	return [
		'',
		`Rocket.Chat sandbox (emulated Rocket.Chat ${version}) at ${info.url}`,
		`  admin  ${info.admin.username} / ${info.admin.password}   (administrator)`,
		`  user   ${info.user.username} / ${info.user.password}   (no view-statistics)`,
		`  bot    ${info.bot.username} / ${info.bot.password}   (${bot})`,
		`  room   #${info.room}`,
		`  mongo  ${info.mongoUrl}`,
		`  saved  ${file}`,
		`  licenses to try: ${licenses.valid}, ${licenses.expired}: \`/dm ${info.bot.username} license <paste the file>\``,
		'',
	];
}

async function main(): Promise<void> {
	const env = process.env;
	const port = portFrom(env);
	const version = env.SANDBOX_RC_VERSION ?? '7.10.2';
	const stateDir = env.SANDBOX_STATE_DIR ?? join(root, '.sandbox');
	let testDb: TestDb | undefined;
	let client: MongoClient | undefined;
	let emulator: Emulator | undefined;
	let bot: RunningBot | undefined;
	let chat: ChatClient | undefined;
	let stopping = false;

	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\nStopping the sandbox…\n');
		// A part that hangs must not keep the sandbox alive forever.
		setTimeout(() => process.exit(1), 15_000).unref();
		await chat?.close().catch(() => {});
		await bot?.stop().catch(() => {});
		await emulator?.stop().catch(() => {});
		await client?.close().catch(() => {});
		await testDb?.stop().catch(() => {});
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	try {
		process.stdout.write(env.MONGO_URL ? 'Using the MongoDB server in MONGO_URL…\n' : 'Starting the in-memory test database…\n');
		testDb = await startTestDb('memory', env);
		const dbName = env.MONGO_URL ? 'rocketchat_sandbox' : 'rocketchat';
		client = await MongoClient.connect(testDb.url);
		const db = client.db(dbName);
		if (env.MONGO_URL) await db.dropDatabase();

		process.stdout.write('Seeding a small demo workspace…\n');
		const siteUrl = `http://localhost:${port}`;
		const seeded = await seedWorkspace(db, { size: 'small', siteUrl, rcVersion: version, now: new Date() });

		const keys = generateLicenseKeys();
		emulator = await startEmulator({ db, port, version, licensePublicKeyPem: keys.publicKeyPem }).catch((error: NodeJS.ErrnoException) => {
			if (error.code === 'EADDRINUSE') throw new Error(`Port ${port} is taken: stop what uses it, or set SANDBOX_PORT to another port.`);
			throw error;
		});
		await mkdir(stateDir, { recursive: true });
		const info: SandboxInfo = {
			url: emulator.url,
			mongoUrl: withDatabase(testDb.url, dbName),
			room: ROOM,
			admin: login(seeded.accounts.admin),
			user: login(seeded.accounts.user),
			bot: login(seeded.accounts.bot),
			licenses: await writeDemoLicenses(stateDir, siteUrl, keys.privateKeyPem, new Date()),
		};
		const file = join(stateDir, 'sandbox.json');
		await writeFile(file, `${JSON.stringify(info, null, 2)}\n`);

		let botState = 'the bot is off (SANDBOX_BOT=off)';
		if (env.SANDBOX_BOT !== 'off') {
			try {
				bot = await startInfobot(info, env, keys.publicKeyPem);
				botState = 'infobot runs as this account';
			} catch (error) {
				botState = 'infobot failed to start, see above';
				process.stderr.write(`infobot did not start: ${error instanceof Error ? error.message : String(error)}\n`);
			}
		}
		const shown = (path: string) => relative(process.cwd(), path) || path;
		const licenses = { valid: shown(info.licenses.valid), expired: shown(info.licenses.expired) };
		process.stdout.write(`${banner(info, version, shown(file), botState, licenses).join('\n')}\n`);

		if (process.stdin.isTTY) {
			chat = await startChatClient({
				url: info.url,
				accounts: { admin: info.admin, user: info.user, bot: info.bot },
				startAs: 'admin',
				startRoom: ROOM,
				input: process.stdin,
				output: process.stdout,
				onQuit: () => void stop(0),
			});
		} else {
			process.stdout.write('Sandbox ready. Stop it with Ctrl-C (or SIGTERM).\n');
		}
	} catch (error) {
		process.stderr.write(`The sandbox could not start: ${error instanceof Error ? error.message : String(error)}\n`);
		await stop(1);
	}
}

void main();
