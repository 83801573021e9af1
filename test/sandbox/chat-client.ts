/**
 * The sandbox's terminal chat: you type as one of the demo accounts into a room, and every new message in
 * the rooms you used prints as it arrives. It is a plain client of the server (REST to send, the
 * stream-room-messages stream to receive), so what it shows is what any Rocket.Chat client would see.
 * Only /as, /dm, /dmfile, /room and /quit are the terminal's own. Any other slash command is handled as Rocket.Chat's
 * web client handles one no server command or App registered (the emulator registers none): refused locally with
 * "No such command" unless Message_AllowUnrecognizedSlashCommand is on, then sent as typed
 * (apps/meteor/client/lib/chats/flows/processSlashCommand.ts). Everything else is sent as typed.
 */
import { readFile } from 'node:fs/promises';
import { clearLine, createInterface, cursorTo } from 'node:readline';
import { type Message, RcRestError, RcUser } from '../support/rc-user.js';
import { renderMessage } from './render-message.js';

/** A demo account the terminal can speak as. */
export interface ChatAccount {
	username: string;
	password: string;
}

/** What the terminal needs: the server, the accounts by short name, where to start. */
export interface ChatClientOptions {
	url: string;
	/** Short name (admin, user, bot) → account; /as takes the short name or the username. */
	accounts: Record<string, ChatAccount>;
	startAs: string;
	startRoom: string;
	input: NodeJS.ReadableStream;
	output: NodeJS.WritableStream;
	/** Called on /quit and Ctrl-C. */
	onQuit(): void;
}

/** A running terminal chat. */
export interface ChatClient {
	close(): Promise<void>;
}

const HELP = [
	'Type a message and press Enter to send it. Talk to the bot with !info (or /info once unrecognized slash commands are allowed).',
	'  /as <admin|user|bot>       speak as another demo account',
	'  /room <name>               switch to another room',
	'  /dm <username> <text>      send a direct message',
	'  /dmfile <username> <path>  send a file\'s text as a direct message (e.g. a license)',
	'  /quit                      stop the sandbox (or Ctrl-C)',
];

/** How many earlier messages entering a room shows. */
const HISTORY_SHOWN = 5;

/** processSlashCommand's parse: a slash, the command up to the first space, then its parameters. */
const SLASH_COMMAND = /^\/([^\s]+)(.*)/;

/** The setting Rocket.Chat's web client consults (settings.peek) before sending an unknown slash command. */
async function unrecognizedSlashAllowed(user: RcUser): Promise<boolean> {
	const { settings } = await user.get<{ settings: { _id: string; value?: unknown }[] }>('settings.public', { _id: 'Message_AllowUnrecognizedSlashCommand' });
	return settings.find((s) => s._id === 'Message_AllowUnrecognizedSlashCommand')?.value === true;
}

function describe(error: unknown): string {
	if (error instanceof RcRestError) {
		const body = error.body as { error?: unknown } | undefined;
		return `${error.status}: ${String(body?.error ?? 'request failed')}`;
	}
	return error instanceof Error ? error.message : String(error);
}

export async function startChatClient(options: ChatClientOptions): Promise<ChatClient> {
	const { output } = options;
	const users = new Map<string, RcUser>();
	const watched = new Map<string, { label: string; close(): void }>();
	const shown = new Map<string, string>();
	let current = { as: options.startAs, roomId: '', label: '' };
	const rl = createInterface({ input: options.input, output, terminal: true });

	const prompt = () => {
		const account = options.accounts[current.as];
		rl.setPrompt(`${account?.username ?? current.as}@${current.label}> `);
		rl.prompt(true);
	};
	const print = (lines: string[]) => {
		clearLine(output, 0);
		cursorTo(output, 0);
		output.write(`${lines.join('\n')}\n`);
		prompt();
	};

	const userFor = async (key: string): Promise<RcUser> => {
		const account = options.accounts[key];
		if (!account) throw new Error(`No demo account "${key}": use one of ${Object.keys(options.accounts).join(', ')}.`);
		let user = users.get(key);
		if (!user) {
			user = await RcUser.login(options.url, account.username, account.password);
			users.set(key, user);
		}
		return user;
	};

	const show = (label: string, message: Message) => {
		// Reactions, thread counters and previews re-emit a message unchanged; print new ones and edits only.
		const signature = String(message.editedAt instanceof Date ? message.editedAt.getTime() : '');
		if (shown.get(message._id) === signature) return;
		shown.set(message._id, signature);
		print(renderMessage(label, message));
	};

	const watch = async (user: RcUser, roomId: string, label: string) => {
		if (watched.has(roomId)) return;
		const room = await user.watch(roomId);
		room.onMessage((message) => show(label, message));
		watched.set(roomId, { label, close: () => room.close() });
	};

	const enterRoom = async (name: string) => {
		const user = await userFor(current.as);
		const { room } = await user.get<{ room: { _id: string; name?: string; t?: string } }>('rooms.info', { roomName: name.replace(/^#/, '') });
		current = { ...current, roomId: room._id, label: `#${room.name ?? name}` };
		await watch(user, room._id, current.label);
		// Like a chat client opening a room: the last messages first (the bot's notice among them).
		const history = room.t === 'p' ? 'groups.history' : 'channels.history';
		const { messages } = await user.get<{ messages: Message[] }>(history, { roomId: room._id, count: String(HISTORY_SHOWN) });
		for (const message of [...messages].reverse()) show(current.label, message);
	};

	const sendDirect = async (target: string, text: string) => {
		const username = target.replace(/^@/, '');
		const user = await userFor(current.as);
		const rid = await user.dm(username);
		await watch(user, rid, `@${username}`);
		await user.send(rid, text);
	};

	const directMessage = async (line: string) => {
		const [, target, ...words] = line.split(/\s+/);
		if (!target || words.length === 0) return print(['Usage: /dm <username> <text>']);
		await sendDirect(target, words.join(' '));
	};

	const directMessageFile = async (line: string) => {
		const [, target, ...path] = line.split(/\s+/);
		if (!target || path.length === 0) return print(['Usage: /dmfile <username> <path>']);
		const file = path.join(' ');
		const text = (
			await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
				throw new Error(`Cannot read ${file} (${error.code ?? 'unreadable'}): give the path of a text file, e.g. .sandbox/license-valid.txt.`);
			})
		).trim();
		if (!text) return print([`${file} is empty: nothing sent.`]);
		await sendDirect(target, text);
	};

	const handle = async (line: string) => {
		const trimmed = line.trim();
		if (!trimmed) return prompt();
		const [command, argument] = trimmed.split(/\s+/, 2);
		switch (command) {
			case '/quit':
				return options.onQuit();
			case '/as': {
				const key = Object.keys(options.accounts).find((k) => k === argument || options.accounts[k]?.username === argument);
				if (!key) return print([`Unknown account "${argument ?? ''}": use ${Object.keys(options.accounts).join(', ')}.`]);
				current = { ...current, as: key };
				await watch(await userFor(key), current.roomId, current.label);
				return prompt();
			}
			case '/room':
				if (!argument) return print(['Usage: /room <name>']);
				await enterRoom(argument);
				return prompt();
			case '/dm':
				return directMessage(trimmed);
			case '/dmfile':
				return directMessageFile(trimmed);
			case '/help':
				return print(HELP);
			default: {
				const user = await userFor(current.as);
				const slash = SLASH_COMMAND.exec(trimmed);
				if (slash && !(await unrecognizedSlashAllowed(user))) {
					// The web client's ephemeral answer from rocket.cat (i18n No_such_command); nothing reaches the server.
					return print([
						`rocket.cat (only you see this): No such command: \`/${slash[1]}\``,
						'  (Message_AllowUnrecognizedSlashCommand is off, as in a stock Rocket.Chat: type !info instead, or ask the bot: !info enable-slash)',
					]);
				}
				await user.send(current.roomId, line);
				return prompt();
			}
		}
	};

	let queue: Promise<void> = Promise.resolve();
	rl.on('line', (line) => {
		queue = queue.then(() => handle(line)).catch((error: unknown) => print([`! ${describe(error)}`]));
	});
	rl.on('SIGINT', () => options.onQuit());

	await enterRoom(options.startRoom);
	print(HELP);

	return {
		async close() {
			rl.close();
			for (const room of watched.values()) room.close();
			await Promise.all([...users.values()].map((user) => user.close()));
		},
	};
}
