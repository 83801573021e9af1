/**
 * The license flow's test world, on top of the bot's (test/bot/support/world.ts): a license key pair generated for the
 * file and given to both the emulator and the bot (INFOBOT_LICENSE_PUBLIC_KEY), a test clock, every bot log line
 * captured at trace level, DMs with the bot, uploads, button clicks, and a ledger of every license text used so a
 * final test can search everything the bot said, logged and stored for any piece of one.
 */
import type { Writable } from 'node:stream';
import type { ILicenseV2, ILicenseV3 } from '@rocket.chat/core-typings';
import { databaseName } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { type BotDeps, type RunningBot, startBot } from '../../../src/main.js';
import { dataFileTexts } from '../../store/support/data-files.js';
import { answerAfter, type BotMode, botStoreUrl, scriptedSessionBrakes, startWorld, TEST_LINK_TIMING, type World } from '../../bot/support/world.js';
import type { FileDb } from '../../support/db.js';
import { type DeepPartial, encryptLicenseV2, generateLicenseKeys, makeLicenseV2, makeLicenseV3, signLicenseV3 } from '../../support/license-signer.js';
import { type Message, RcUser, type RoomWatch } from '../../support/rc-user.js';
import { hashPasswordForRocketChat } from '../../support/seed/index.js';

const DAY = 86_400_000;
/** Long enough that no "computing…" placeholder muddles the count of answers. */
const NO_PLACEHOLDER_MS = 60_000;

/** A user's DM with the bot and what arrives there. */
export interface Conversation {
  user: RcUser;
  roomId: string;
  watch: RoomWatch;
  /** The world the conversation is in (its decisions tell when the bot is done with a message). */
  world: Pick<World, 'decisions' | 't'>;
}

/** Everything a license-flow test needs. */
export interface LicenseWorld {
  world: World;
  t: FileDb;
  botId: string;
  /** The test clock the bot reads (real time plus `advance`). */
  advance(ms: number): void;
  /** Every log line of every bot of this world, at trace level. */
  logLines: string[];
  /** A signed v3 license (valid for this workspace unless overridden), recorded in the ledger. */
  v3(overrides?: DeepPartial<ILicenseV3>): string;
  /** An encrypted v2 license, recorded in the ledger. */
  v2(overrides?: DeepPartial<ILicenseV2>): string;
  /** A license signed with another key, recorded in the ledger. */
  foreignV3(): string;
  /** Every license text this world made. */
  licenses: string[];
  /** Every conversation's watch, for the final search through what the bot said. */
  watches: RoomWatch[];
  conversation(user: RcUser): Promise<Conversation>;
  /** Logs in a user created for the test (roles as given). */
  newUser(username: string, roles: string[]): Promise<RcUser>;
  /** Starts one more bot (a replica) on the same Rocket.Chat and the same store; its decisions join `world.decisions`. */
  replica(): Promise<RunningBot>;
  /** A Rocket.Chat setting's value, read from its database. */
  setting(id: string): Promise<unknown>;
  /** The bot's own database. */
  storeDb(): ReturnType<FileDb['client']['db']>;
  stop(): Promise<void>;
}

function capture(lines: string[]): Writable {
  return { write: (line: string) => lines.push(line) } as unknown as Writable;
}

/** Starts the world; the key goes to the bot's configuration, and into INFOBOT_LICENSE_PUBLIC_KEY for the emulator (restored by stop()). */
export async function startLicenseWorld(t: FileDb, extraDeps: Partial<BotDeps> = {}, options: BotMode = { source: 'database' }): Promise<LicenseWorld> {
  const keys = generateLicenseKeys();
  const foreign = generateLicenseKeys();
  const previousKey = process.env.INFOBOT_LICENSE_PUBLIC_KEY;
  process.env.INFOBOT_LICENSE_PUBLIC_KEY = keys.publicKeyPem;
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const logLines: string[] = [];
  const botDeps = { log: createLogger('trace', capture(logLines)), now, slowNoticeMs: NO_PLACEHOLDER_MS, permissionTtlMs: 0, ...extraDeps };
  const world = await startWorld(t, {
    deps: botDeps,
    env: { INFOBOT_LICENSE_PUBLIC_KEY: keys.publicKeyPem },
    ...options,
    // In database mode the license flow counts users from the workspace's collections, never from a snapshot: the
    // emulator's boot statistics (the full plan, seconds on FerretDB) would only run beside the tests. REST-only mode
    // reads GET statistics, so there the snapshot is saved as Rocket.Chat does.
    statisticsAtBoot: options.source === 'rest',
  });
  const replicas: RunningBot[] = [];
  const users: RcUser[] = [];
  const watches: RoomWatch[] = [];
  const licenses: string[] = [];
  const keep = (text: string) => {
    licenses.push(text);
    return text;
  };

  return {
    world,
    t,
    botId: world.seed.accounts.bot._id,
    advance(ms) {
      offset += ms;
    },
    logLines,
    v3: (overrides) => keep(signLicenseV3(makeLicenseV3(overrides, now()), keys.privateKeyPem)),
    v2: (overrides) => keep(encryptLicenseV2(makeLicenseV2(overrides, now()), keys.privateKeyPem)),
    foreignV3: () => keep(signLicenseV3(makeLicenseV3({}, now()), foreign.privateKeyPem)),
    licenses,
    watches,
    async conversation(user) {
      const roomId = await user.dm(world.seed.accounts.bot.username);
      const watch = await user.watch(roomId);
      watches.push(watch);
      return { user, roomId, watch, world };
    },
    async newUser(username, roles) {
      const password = `${username}-pass-123`;
      await t.db.collection('users').insertOne({
        _id: `${username}-id` as never,
        username,
        name: username,
        type: 'user',
        active: true,
        roles,
        status: 'online',
        emails: [{ address: `${username}@example.com`, verified: true }],
        createdAt: now(),
        _updatedAt: now(),
        services: { password: { bcrypt: hashPasswordForRocketChat(password) }, resume: { loginTokens: [] } },
      });
      const user = await RcUser.login(world.emulator.url, username, password);
      users.push(user);
      return user;
    },
    async replica() {
      const bot = await startBot(world.config, { brakes: scriptedSessionBrakes(), ...botDeps, linkTiming: TEST_LINK_TIMING, databaseWaitMs: 0 });
      replicas.push(bot);
      world.decisions.watch(bot.dispatcher);
      return bot;
    },
    async setting(id) {
      return (await t.db.collection<{ _id: string; value?: unknown }>('rocketchat_settings').findOne({ _id: id }))?.value;
    },
    storeDb: () => t.client.db(databaseName(botStoreUrl(world.config)) ?? ''),
    async stop() {
      for (const watch of watches) watch.close();
      await Promise.all(users.map((u) => u.close()));
      await Promise.all(replicas.map((r) => r.stop()));
      await world.stop();
      if (previousKey === undefined) delete process.env.INFOBOT_LICENSE_PUBLIC_KEY;
      else process.env.INFOBOT_LICENSE_PUBLIC_KEY = previousKey;
    },
  };
}

/** A license valid from `fromDays` to `untilDays` days from now (negative: in the past). */
export function period(fromDays: number, untilDays: number, now = new Date()): DeepPartial<ILicenseV3> {
  return {
    validation: {
      validPeriods: [
        {
          validFrom: new Date(now.getTime() + fromDays * DAY).toISOString(),
          validUntil: new Date(now.getTime() + untilDays * DAY).toISOString(),
          invalidBehavior: 'invalidate_license',
        },
      ],
    },
  };
}

/**
 * The bot's next new message in the conversation after `act` (a send, an upload, a click), never the late answer to an
 * earlier message (answerAfter in test/bot/support/world.ts).
 */
export async function answerTo(c: Conversation, botId: string, act: () => Promise<{ _id: string }>, timeoutMs = 20_000): Promise<Message> {
  const source = { decisions: c.world.decisions, db: c.world.t.db, botId };
  return (await answerAfter(source, c.watch, c.roomId, act, () => true, timeoutMs)).answer;
}

/** Sends text in the conversation and returns the bot's answer. */
export function say(c: Conversation, botId: string, text: string): Promise<Message> {
  return answerTo(c, botId, () => c.user.send(c.roomId, text));
}

/** Uploads a file into a room as the user, the two-step way Rocket.Chat's clients do (rooms.media + mediaConfirm); the file's message. */
export async function upload(user: RcUser, roomId: string, name: string, content: string, type = 'text/plain'): Promise<{ _id: string }> {
  const headers = { 'X-User-Id': user.userId, 'X-Auth-Token': user.authToken };
  const form = new FormData();
  form.append('file', new Blob([content], { type }), name);
  const media = await fetch(`${user.url}/api/v1/rooms.media/${roomId}`, { method: 'POST', headers, body: form });
  const { file } = (await media.json()) as { file?: { _id: string } };
  if (!media.ok || !file) throw new Error(`rooms.media answered ${media.status}`);
  const { message } = await user.post<{ message: { _id: string } }>(`rooms.mediaConfirm/${roomId}/${file._id}`, {});
  return message;
}

/** What pressing a message button does for `msg_in_chat_window` actions: the client sends its `msg` as the user. */
export async function press(c: Conversation, message: Message, label: string): Promise<{ _id: string }> {
  const actions = (message.attachments ?? []).flatMap((a) => (a.actions ?? []) as { text: string; msg?: string; msg_in_chat_window?: boolean }[]);
  const button = actions.find((a) => a.text === label);
  if (!button?.msg || button.msg_in_chat_window !== true) throw new Error(`no "${label}" button that posts in the chat window`);
  return c.user.send(c.roomId, button.msg);
}

/** The code an answer offers, from its Apply button. */
export function codeOf(message: Message): string {
  const actions = (message.attachments ?? []).flatMap((a) => (a.actions ?? []) as { msg?: string }[]);
  const code = actions.map((a) => /^apply (\w+)$/.exec(a.msg ?? '')?.[1]).find(Boolean);
  if (!code) throw new Error(`the answer offers no code: ${message.msg}`);
  return code;
}

/** An answer's text with every attachment's title, fields and text: what a reader sees. */
export function visible(message: Message): string {
  const parts = [message.msg];
  for (const a of (message.attachments ?? []) as { title?: string; text?: string; fields?: { title: string; value: string }[] }[]) {
    parts.push(a.title ?? '', a.text ?? '', ...(a.fields ?? []).map((f) => `${f.title}: ${f.value}`));
  }
  return parts.join('\n');
}

/** An attachment's fields as title → value. */
export function fields(message: Message, index: number): Record<string, string> {
  const list = ((message.attachments?.[index] as { fields?: { title: string; value: string }[] } | undefined)?.fields ?? []);
  return Object.fromEntries(list.map((f) => [f.title, f.value]));
}

/** Every 40-character piece of the licenses: if any appears in a text, license text leaked into it. */
export function leakFinder(licenses: readonly string[]): (text: string) => string | undefined {
  const pieces = new Set<string>();
  for (const license of licenses) {
    const compact = license.trim();
    for (let i = 0; i + 40 <= compact.length; i++) pieces.add(compact.slice(i, i + 40));
  }
  return (text) => {
    for (let i = 0; i + 40 <= text.length; i++) {
      const piece = text.slice(i, i + 40);
      if (pieces.has(piece)) return piece;
    }
    return undefined;
  };
}

/** Everything the bots of a world said, logged and stored, each with where it comes from. */
export async function everythingTheBotEmitted(lw: LicenseWorld): Promise<{ where: string; text: string }[]> {
  const texts: { where: string; text: string }[] = lw.logLines.map((line, i) => ({ where: `log line ${i + 1}`, text: line }));
  const messages = await lw.t.db.collection('rocketchat_message').find({ 'u._id': lw.botId }).toArray();
  for (const m of messages) texts.push({ where: `stored message ${String(m._id)}`, text: JSON.stringify(m) });
  for (const watch of [lw.world.room, ...lw.watches]) {
    for (const m of watch.messages.filter((x) => x.u._id === lw.botId)) texts.push({ where: `streamed message ${m._id}`, text: JSON.stringify(m) });
  }
  // REST-only mode without INFOBOT_MONGO_URL keeps the bot's data in files under INFOBOT_DATA_DIR instead.
  if (!lw.world.config.storeUrl) {
    for (const { name, text } of await dataFileTexts(lw.world.config.dataDir)) texts.push({ where: `bot data file ${name}`, text });
    return texts;
  }
  const store = lw.storeDb();
  for (const { name } of await store.listCollections().toArray()) {
    for (const doc of await store.collection(name).find({}).toArray()) texts.push({ where: `bot database ${name}`, text: JSON.stringify(doc) });
  }
  return texts;
}
