/**
 * The world of the federation-settings tests (native.db.test.ts, settings.db.test.ts): the bot's test world, the
 * admin's and the regular user's DMs with the bot, what they say there, and the documents the changes write
 * (`rocketchat_settings`, the bot's `setting_audit`: in its database, or in its data file in REST-only mode without
 * INFOBOT_MONGO_URL). Started in the file's beforeAll (worldFor), stopped in its afterAll.
 */
import type { Collection } from 'mongodb';
import { beforeAll } from 'vitest';
import { ask, botDataOf, type World, type WorldOptions, worldFor } from '../bot/support/world.js';
import { fileAudit } from '../store/support/data-files.js';
import type { FileDb } from '../support/db.js';
import type { RcUser, RoomWatch } from '../support/rc-user.js';

export type SettingDoc = { _id: string; value?: unknown; _updatedAt?: Date } & Record<string, unknown>;

/**
 * A test's time budget for `roundTrips` chat round trips (a command and the bot's answer, each a few reads and writes
 * of the bot's and Rocket.Chat's documents): up to ~7 s each on FerretDB at load 20, so 20 s each keeps a test under
 * half its budget; never below the default 30 s.
 */
export const chatBudget = (roundTrips: number) => Math.max(30_000, roundTrips * 20_000);

/** The code a change proposal asks to confirm with. */
export const codeIn = (text: string) => /!info confirm ([A-Z0-9]{6})/.exec(text)?.[1];

export interface SettingsChat {
  /** The running world (read inside tests and later hooks). */
  readonly world: World;
  settings(): Collection<SettingDoc>;
  setting(id: string): Promise<SettingDoc | null>;
  allSettings(): Promise<SettingDoc[]>;
  /** The bot's audit of setting changes, oldest first. */
  audit(): Promise<Record<string, unknown>[]>;
  /** Says `text` in the admin's (or the user's) DM with the bot; the bot's answer. */
  say(text: string, as?: 'admin' | 'user'): Promise<string>;
}

/** Registers the hooks; `options` is read when the world starts (after the file's earlier beforeAll hooks). */
export function settingsChat(t: FileDb, options: () => WorldOptions): SettingsChat {
  const world = worldFor(t, options);
  let dms: Record<'admin' | 'user', Dm> | undefined;
  const settings = () => t.db.collection<SettingDoc>('rocketchat_settings');
  beforeAll(async () => {
    dms = { admin: await openDm(world, world.admin), user: await openDm(world, world.user) };
  });
  return {
    world,
    settings,
    setting: (id) => settings().findOne({ _id: id }),
    allSettings: () => settings().find({}).sort({ _id: 1 }).toArray(),
    audit: async () =>
      botDataOf({ source: 'database', ...options() }) === 'file'
        ? fileAudit(world.config.dataDir, 'setting_audit')
        : t.client.db(`${t.dbName}_bot`).collection('setting_audit').find({}, { projection: { _id: 0 } }).sort({ at: 1 }).toArray(),
    async say(text, as = 'admin') {
      const dm = dms?.[as];
      if (!dm) throw new Error('the federation world has not started');
      return (await ask(world, as === 'admin' ? world.admin : world.user, dm.roomId, text, { watch: dm.watch })).answer.msg;
    },
  };
}

type Dm = { roomId: string; watch: RoomWatch };

async function openDm(world: World, user: RcUser): Promise<Dm> {
  const roomId = await user.dm(world.seed.accounts.bot.username);
  return { roomId, watch: await user.watch(roomId) };
}
