/**
 * The real @rocket.chat/sdk 1.0.0-alpha.42, unmodified, against the emulator: the frames and requests of
 * rocketchat-bot.md §7.3 come out in that order, with the SDK's known quirks answered as Rocket.Chat answers
 * them (rooms.info?rid= → 400, nonexistent routes → 404, unsub → nosub), and after reconnects the server
 * delivers one frame per subscription the SDK has piled up.
 */
import { Bot } from '@rocket.chat/sdk';
import { describe, expect, it, vi } from 'vitest';
import { openFileDb } from '../support/db.js';
import { emulatorWorld } from '../support/emulator-world.js';

const quiet = { debug() {}, info() {}, warning() {}, warn() {}, error() {} };

/** One transcript entry: a DDP frame either way, or a REST request with its status. */
interface Entry {
	dir: 'C->S' | 'S->C' | 'REST';
	frame?: Record<string, unknown>;
	method?: string;
	path?: string;
	status?: number;
}

function parseLine(line: string): Entry | undefined {
	const ddp = /^(C->S|S->C) (.*)$/.exec(line);
	if (ddp) return { dir: ddp[1] as Entry['dir'], frame: JSON.parse(ddp[2] ?? '{}') };
	const rest = /^REST (\w+) (\S+) (\d+)/.exec(line);
	if (rest) return { dir: 'REST', method: rest[1], path: rest[2], status: Number(rest[3]) };
	return undefined;
}

type Step = (entry: Entry) => boolean;

/** Index of each step found in order (a subsequence match); -1 marks the first step not found. */
function subsequence(entries: Entry[], steps: Step[]): number[] {
	const found: number[] = [];
	let from = 0;
	for (const step of steps) {
		const index = entries.findIndex((entry, i) => i >= from && step(entry));
		found.push(index);
		if (index < 0) break;
		from = index + 1;
	}
	return found;
}

const frame = (dir: Entry['dir'], match: (f: Record<string, unknown>) => boolean): Step => (e) => e.dir === dir && !!e.frame && match(e.frame);
const rest = (method: string, path: RegExp, status: number): Step => (e) =>
	e.dir === 'REST' && e.method === method && path.test(e.path ?? '') && e.status === status;

async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

/** Stops an SDK Bot for good: its own reconnection and ping timers would outlive the test. */
async function dispose(bot: Bot): Promise<void> {
	const ddp = ((await bot.socket) as unknown as { ddp: Record<string, unknown> & { connection?: { terminate?: () => void } } }).ddp;
	ddp.reopen = () => Promise.resolve();
	clearInterval(ddp.reopenInterval as NodeJS.Timeout);
	clearTimeout(ddp.pingTimeout as NodeJS.Timeout);
	clearTimeout(ddp.openTimeout as NodeJS.Timeout);
	ddp.connection?.terminate?.();
}

describe('the real Rocket.Chat SDK against the emulator', async () => {
	const t = await openFileDb();
	const w = emulatorWorld(t, { emulator: { log: (line) => lines.push(line) }, users: ['alice'] });
	const lines: string[] = [];

	it('produces the §7.3 transcript, quirks included', async () => {
		const consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
		const bot = new Bot({ host: w.emulator.url, useSsl: false, logger: quiet });
		try {
			lines.length = 0;
			await bot.connect({});
			await bot.login({ username: w.fixture.bot.username, password: w.fixture.bot.password });
			const subscription = await bot.subscribeToMessages();
			const received: string[] = [];
			await bot.respondToMessages((error, message) => {
				if (!error && message?.msg) received.push(message.msg);
			});

			await w.alice.send(w.fixture.general._id, 'hello from alice');
			await waitFor(() => received.includes('hello from alice'), 'the bot to receive alice');
			// respondToMessages asked rooms.info?rid= and printed Rocket.Chat's 400 with console.log.
			await waitFor(() => consoleLog.mock.calls.length > 0, 'the SDK to log its rooms.info failure');
			expect(consoleLog.mock.calls[0]?.[0]).toMatchObject({ status: 400, data: { success: false } });

			await bot.sendToRoomId('hi there', w.fixture.general._id);
			await bot.sendToRoomId(
				{ msg: 'card', attachments: [{ title: 'Stats', fields: [{ short: true, title: 'Users', value: '3' }] }] } as never,
				w.fixture.general._id,
			);
			const dm = await bot.getDirectMessageRoomId(w.fixture.user.username);
			expect(dm).toBe([w.fixture.user._id, w.fixture.bot._id].sort().join(''));
			await expect(bot.sendToRoom('hi', 'general')).rejects.toMatchObject({ status: 404 });
			await expect(bot.info()).rejects.toMatchObject({ status: 404 });

			const login = bot.currentLogin as { userId: string; authToken: string };
			const form = new FormData();
			form.append('file', new Blob([Buffer.from('89504e47', 'hex')], { type: 'image/png' }), 'chart.png');
			const headers = { 'X-User-Id': login.userId, 'X-Auth-Token': login.authToken };
			const upload = await bot.post(`rooms.media/${w.fixture.general._id}`, form, true, undefined, { customHeaders: headers });
			const confirmed = await bot.post(`rooms.mediaConfirm/${w.fixture.general._id}/${upload.file._id}`, { msg: 'chart', description: 'd' }, true);
			expect(confirmed.message.files[0]).toMatchObject({ name: 'chart.png', type: 'image/png' });

			// The SDK waits forever for an answer it never gets; Rocket.Chat answers unsub with nosub.
			void bot.unsubscribe(subscription);
			await waitFor(() => lines.some((l) => l.startsWith('S->C {"msg":"nosub"')), 'nosub');

			const entries = lines.map(parseLine).filter((e): e is Entry => e !== undefined);
			const subId = subscription.id;
			const positions = subsequence(entries, [
				frame('S->C', (f) => f.server_id === '0'),
				frame('C->S', (f) => f.msg === 'connect' && f.version === '1' && JSON.stringify(f.support) === '["1","pre2","pre1"]'),
				frame('S->C', (f) => f.msg === 'connected' && typeof f.session === 'string'),
				rest('POST', /^\/api\/v1\/login$/, 200),
				frame('C->S', (f) => f.msg === 'method' && f.method === 'login' && f.id === 'ddp-1'),
				frame('S->C', (f) => {
					const result = f.result as { type?: string; tokenExpires?: { $date?: unknown }; id?: string } | undefined;
					return f.msg === 'result' && f.id === 'ddp-1' && result?.type === 'resume' && typeof result.tokenExpires?.$date === 'number' && result.id === w.fixture.bot._id;
				}),
				frame('S->C', (f) => f.msg === 'updated' && JSON.stringify(f.methods) === '["ddp-1"]'),
				frame('C->S', (f) => f.msg === 'sub' && f.name === 'stream-room-messages' && JSON.stringify(f.params) === '["__my_messages__",{"useCollection":false,"args":[]}]'),
				frame('S->C', (f) => f.msg === 'ready' && JSON.stringify(f.subs) === JSON.stringify([subId])),
				frame('S->C', (f) => {
					const fields = f.fields as { eventName?: string; args?: [Record<string, unknown>, Record<string, unknown>] };
					const [message, meta] = fields?.args ?? [];
					return (
						f.msg === 'changed' &&
						f.collection === 'stream-room-messages' &&
						f.id === 'id' &&
						fields.eventName === '__my_messages__' &&
						message?.msg === 'hello from alice' &&
						typeof (message?.ts as { $date?: unknown })?.$date === 'number' &&
						typeof (message?._updatedAt as { $date?: unknown })?.$date === 'number' &&
						JSON.stringify(meta) === JSON.stringify({ roomParticipant: true, roomType: 'c', roomName: 'general' })
					);
				}),
				rest('GET', /^\/api\/v1\/rooms\.info$/, 400),
				rest('POST', /^\/api\/v1\/chat\.sendMessage$/, 200),
				rest('POST', /^\/api\/v1\/chat\.sendMessage$/, 200),
				rest('POST', /^\/api\/v1\/im\.create$/, 200),
				rest('GET', /^\/api\/v1\/chat\.getRoomIdByNameOrId$/, 404),
				rest('GET', /^\/api\/v1\/info$/, 404),
				rest('POST', /^\/api\/v1\/rooms\.media\/GENERAL$/, 200),
				rest('POST', /^\/api\/v1\/rooms\.mediaConfirm\/GENERAL\/\w+$/, 200),
				frame('C->S', (f) => f.msg === 'unsub' && f.id === subId),
				frame('S->C', (f) => f.msg === 'nosub' && f.id === subId && f.error === undefined),
			]);
			expect(positions).not.toContain(-1);
		} finally {
			consoleLog.mockRestore();
			await dispose(bot);
		}
	});

	it('after reconnects re-subscribes once per piled-up subscription, and each gets its own frame', async () => {
		const bot = new Bot({ host: w.emulator.url, useSsl: false, logger: quiet, reopen: 200 });
		try {
			await bot.connect({});
			await bot.login({ username: w.fixture.bot.username, password: w.fixture.bot.password });
			await bot.subscribeToMessages();
			const frames: string[] = [];
			// onStreamData hands over the raw frame (typed by the SDK as an error-first callback).
			await bot.onStreamData('stream-room-messages', ((f: { fields: { args: [{ msg: string }] } }) => {
				frames.push(f.fields.args[0].msg);
			}) as never);
			const readies = () => lines.filter((l) => l.startsWith('S->C {"msg":"ready"')).length;

			for (const round of [1, 2]) {
				lines.length = 0;
				w.emulator.faults.dropSockets();
				// Round 1 re-sends the one subscription; round 2 the two the SDK now holds.
				await waitFor(() => readies() === round, `re-subscription round ${round}`);
			}
			const subs = lines.filter((l) => l.startsWith('C->S {"msg":"sub"')).length;
			expect(subs).toBe(2);

			await w.alice.send(w.fixture.general._id, 'after two reconnects');
			// A second message's frames come after every frame of the first on the one socket, in the emulator's one
			// delivery queue: once they are in, a third frame of the first message would have been too.
			await w.alice.send(w.fixture.general._id, 'marker');
			await waitFor(() => frames.filter((m) => m === 'marker').length === subs, `${subs} marker frames`);
			expect(frames.filter((m) => m === 'after two reconnects')).toHaveLength(subs);
		} finally {
			await dispose(bot);
		}
	});
});
