/**
 * `npm run sandbox` as a newcomer runs it: a child process that starts its own database, seeds, serves and
 * writes .sandbox/sandbox.json; a REST client logs in and chats; infobot answers /info and judges the demo
 * licenses the sandbox signs with its own key; in a terminal
 * (a pseudo-terminal made by `script`) the chat client echoes what you type; Ctrl-C and SIGTERM stop it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { type Message, RcUser } from '../support/rc-user.js';
import type { SandboxInfo } from './sandbox.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const entry = join(root, 'test', 'sandbox', 'sandbox.ts');
// Node loads tsx itself, so signals reach the sandbox directly: the tsx CLI relays them to its child and
// SIGKILLs a child that does not acknowledge within 30 ms, which a busy machine can miss.
const command = [process.execPath, '--import', 'tsx', entry];

function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const server = createServer();
		server.once('error', fail);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => done(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/** A running child with its output so far. */
interface Child {
	process: ChildProcess;
	output(): string;
	waitFor(text: string | RegExp, timeoutMs: number): Promise<void>;
	exited: Promise<number | null>;
}

function watchChild(child: ChildProcess): Child {
	let output = '';
	const waiters = new Set<() => void>();
	const take = (chunk: Buffer) => {
		output += chunk.toString();
		for (const wake of [...waiters]) wake();
	};
	child.stdout?.on('data', take);
	child.stderr?.on('data', take);
	const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
	return {
		process: child,
		output: () => output,
		exited,
		waitFor(text, timeoutMs) {
			const found = () => (typeof text === 'string' ? output.includes(text) : text.test(output));
			if (found()) return Promise.resolve();
			return new Promise((done, fail) => {
				const timer = setTimeout(() => {
					waiters.delete(check);
					fail(new Error(`"${String(text)}" did not appear within ${timeoutMs} ms. Output:\n${output}`));
				}, timeoutMs);
				const check = () => {
					if (!found()) return;
					clearTimeout(timer);
					waiters.delete(check);
					done();
				};
				waiters.add(check);
			});
		},
	};
}

async function sandboxEnv(extra: Record<string, string>): Promise<NodeJS.ProcessEnv> {
	const env: NodeJS.ProcessEnv = { ...process.env, SANDBOX_PORT: String(await freePort()), ...extra };
	// The sandbox starts a database of its own unless told to use another.
	delete env.MONGO_URL;
	return env;
}

describe('npm run sandbox', () => {
	const cleanup: (() => Promise<unknown>)[] = [];
	afterAll(async () => {
		for (const step of cleanup) await step();
	});

	it('writes sandbox.json; a REST client logs in, posts and reads back; infobot answers /info and judges the demo licenses; SIGTERM stops it', { timeout: 240_000 }, async () => {
		const stateDir = await mkdtemp(join(tmpdir(), 'sandbox-state-'));
		cleanup.push(() => rm(stateDir, { recursive: true, force: true }));
		const [node = process.execPath, ...args] = command;
		const child = watchChild(spawn(node, args, { cwd: root, env: await sandboxEnv({ SANDBOX_STATE_DIR: stateDir }), stdio: ['ignore', 'pipe', 'pipe'] }));
		cleanup.push(async () => {
			child.process.kill('SIGKILL');
		});
		await child.waitFor('Sandbox ready', 180_000);

		const info = JSON.parse(await readFile(join(stateDir, 'sandbox.json'), 'utf8')) as SandboxInfo;
		expect(Object.keys(info).sort()).toEqual(['admin', 'bot', 'licenses', 'mongoUrl', 'room', 'url', 'user']);
		expect(info.licenses).toEqual({ valid: join(stateDir, 'license-valid.txt'), expired: join(stateDir, 'license-expired.txt') });
		expect(child.output()).toMatch(/licenses to try: .*license-valid\.txt, .*license-expired\.txt/);
		expect(info.mongoUrl).toMatch(/^mongodb:\/\/.+\/rocketchat$/);
		expect(child.output()).toContain(info.admin.password);

		const admin = await RcUser.login(info.url, info.admin.username, info.admin.password);
		const { room } = await admin.get<{ room: { _id: string } }>('rooms.info', { roomName: info.room });
		const sent = await admin.send(room._id, 'hello sandbox');
		const { messages } = await admin.get<{ messages: { _id: string; msg: string }[] }>('channels.history', { roomId: room._id, count: '5' });
		expect(messages.find((m) => m._id === sent._id)?.msg).toBe('hello sandbox');

		const watch = await admin.watch(room._id);
		const asked = await admin.send(room._id, '/info');
		const question = await watch.next((m) => m._id === asked._id);
		// The bot may post other things too (its daily summary catches up at start); the answer has the cards.
		const answer = await watch.next(
			(m) => m.u.username === info.bot.username && m.ts >= question.ts && (m.attachments ?? []).some((a) => a.title === 'Deployment'),
			90_000,
		);
		expect(answer.attachments?.length).toBeGreaterThan(1);

		// The demo licenses, sent by DM as a newcomer pastes them, get the bot's verdict card.
		const verdictOf = (m: Message) =>
			(m.attachments?.[0] as { fields?: { title: string; value: string }[] } | undefined)?.fields?.find((f) => f.title === 'Verdict')?.value;
		const dm = await admin.dm(info.bot.username);
		const dmWatch = await admin.watch(dm);
		const judge = async (file: string) => {
			const sentLicense = await admin.send(dm, (await readFile(file, 'utf8')).trim());
			const sentAt = (await dmWatch.next((m) => m._id === sentLicense._id)).ts;
			return dmWatch.next((m) => m.u.username === info.bot.username && m.ts >= sentAt && verdictOf(m) !== undefined, 60_000);
		};
		const valid = await judge(info.licenses.valid);
		expect(valid.msg).toMatch(/✔ This license is valid for this workspace/);
		expect(verdictOf(valid)).toBe('✔ valid for this workspace');
		const expired = await judge(info.licenses.expired);
		expect(verdictOf(expired)).toMatch(/✘ not valid \(period\)$/);
		await admin.close();

		child.process.kill('SIGTERM');
		expect(await child.exited).toBe(0);
	});

	it('in a terminal, echoes what you type as it comes back from the server, DMs a file\'s text, and stops on Ctrl-C', { timeout: 240_000 }, async () => {
		const stateDir = await mkdtemp(join(tmpdir(), 'sandbox-state-'));
		cleanup.push(() => rm(stateDir, { recursive: true, force: true }));
		const env = await sandboxEnv({ SANDBOX_STATE_DIR: stateDir, SANDBOX_BOT: 'off', TERM: 'dumb' });
		// `script` runs the sandbox on a pseudo-terminal, so it sees a TTY as on a developer's machine.
		const child = watchChild(spawn('script', ['-qfec', command.join(' '), '/dev/null'], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] }));
		cleanup.push(async () => {
			child.process.kill('SIGKILL');
		});
		await child.waitFor('Type a message', 180_000);
		child.process.stdin?.write('hello from the terminal\r');
		await child.waitFor(/\[#infobot-admin\] admin: hello from the terminal/, 30_000);
		child.process.stdin?.write('/as user\r');
		child.process.stdin?.write('and now as the user\r');
		await child.waitFor(/\[#infobot-admin\] user: and now as the user/, 30_000);
		const { admin } = JSON.parse(await readFile(join(stateDir, 'sandbox.json'), 'utf8')) as SandboxInfo;
		const note = join(stateDir, 'note.txt');
		await writeFile(note, '\n  hello from a file  \n');
		child.process.stdin?.write(`/dmfile ${admin.username} ${note}\r`);
		await child.waitFor(/\[@admin\] user: hello from a file\r?\n/, 30_000);
		child.process.stdin?.write('\x03');
		await child.waitFor('Stopping the sandbox', 30_000);
		expect(await child.exited).toBe(0);
	});
	it('a newcomer in the terminal: the notice, /info refused locally, !info answered; enable-slash + confirm, then /info answered', { timeout: 300_000 }, async () => {
		const stateDir = await mkdtemp(join(tmpdir(), 'sandbox-state-'));
		cleanup.push(() => rm(stateDir, { recursive: true, force: true }));
		const env = await sandboxEnv({ SANDBOX_STATE_DIR: stateDir, TERM: 'dumb' });
		const child = watchChild(spawn('script', ['-qfec', command.join(' '), '/dev/null'], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] }));
		cleanup.push(async () => {
			child.process.kill('SIGKILL');
		});
		await child.waitFor('Type a message', 180_000);
		const info = JSON.parse(await readFile(join(stateDir, 'sandbox.json'), 'utf8')) as SandboxInfo;
		const bot = info.bot.username;
		const count = (re: RegExp) => child.output().match(new RegExp(re.source, 'g'))?.length ?? 0;

		// The bot's notice is in the room's history, once.
		await child.waitFor(new RegExp(`\\[#infobot-admin\\] ${bot}: \\*\`/info\` does not reach me`), 30_000);
		expect(count(/does not reach me/)).toBe(1);

		child.process.stdin?.write('/info\r');
		await child.waitFor('No such command: `/info`', 30_000);
		child.process.stdin?.write('!info\r');
		await child.waitFor(/┃ Deployment/, 90_000);

		child.process.stdin?.write('!info enable-slash\r');
		await child.waitFor(/!info confirm ([A-Z0-9]{6})/, 60_000);
		const code = /!info confirm ([A-Z0-9]{6})/.exec(child.output())?.[1];
		child.process.stdin?.write(`!info confirm ${code}\r`);
		await child.waitFor(`${bot}: ✔ Changed`, 60_000);

		const client = await MongoClient.connect(info.mongoUrl);
		cleanup.push(() => client.close());
		const setting = await client.db().collection<{ _id: string; value?: unknown }>('rocketchat_settings').findOne({ _id: 'Message_AllowUnrecognizedSlashCommand' });
		expect(setting?.value).toBe(true);
		const audit = await client.db('infobot').collection('setting_audit').find({ action: 'apply' }).toArray();
		expect(audit).toMatchObject([{ settingId: 'Message_AllowUnrecognizedSlashCommand', from: false, to: true, readBack: true, user: { username: info.admin.username } }]);

		child.process.stdin?.write('/info\r');
		await child.waitFor(/\[#infobot-admin\] admin: \/info\r?\n/, 30_000);
		await child.waitFor(/┃ Deployment[\s\S]*┃ Deployment/, 90_000);
		// Sent this time: the local refusal happened once, for the first /info only.
		expect(count(/rocket\.cat \(only you see this\): No such command/)).toBe(1);

		child.process.stdin?.write('\x03');
		await child.waitFor('Stopping the sandbox', 30_000);
		expect(await child.exited).toBe(0);
	});
});
