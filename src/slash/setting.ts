/**
 * Rocket.Chat's *Allow unrecognized slash commands* setting, read from its database. Rocket.Chat's web and desktop
 * clients run `processSlashCommand` (apps/meteor/client/lib/chats/flows/processSlashCommand.ts) before sending: a
 * slash command no server-side command or App registered is answered locally with "No such command" and never sent,
 * unless this setting is on; then the text goes to the room as an ordinary message and reaches the bot.
 */
import type { Db } from 'mongodb';

/** The setting's id in `rocketchat_settings`. */
export const SLASH_SETTING_ID = 'Message_AllowUnrecognizedSlashCommand';

/**
 * Off unless changed: apps/meteor/server/settings/message.ts registers it as
 * `add('Message_AllowUnrecognizedSlashCommand', false, { type: 'boolean', public: true })`.
 */
export const SLASH_SETTING_DEFAULT = false;

/** The setting as the bot last read it. */
export interface SlashSetting {
  enabled: boolean;
  /**
   * Which write of the setting this is: its document's `_updatedAt` (Rocket.Chat's models stamp it on every update,
   * the Administration page, the REST API and OVERWRITE_SETTING_ at start alike), `default` when it was never stored.
   */
  version: string;
}

interface SettingDoc {
  _id: string;
  value?: unknown;
  packageValue?: unknown;
  _updatedAt?: Date;
}

/** The setting's value the way Rocket.Chat's settings cache would give it: the stored value, else the default. */
export function slashSettingOf(doc: SettingDoc | null): SlashSetting {
  if (!doc) return { enabled: SLASH_SETTING_DEFAULT, version: 'default' };
  const raw = doc.value ?? doc.packageValue ?? SLASH_SETTING_DEFAULT;
  const version = doc._updatedAt instanceof Date ? doc._updatedAt.toISOString() : 'default';
  return { enabled: raw === true, version };
}

/** Reads the setting from Rocket.Chat's database (one document by id). */
export async function readSlashSetting(db: Db): Promise<SlashSetting> {
  const doc = await db
    .collection<SettingDoc>('rocketchat_settings')
    .findOne({ _id: SLASH_SETTING_ID }, { projection: { value: 1, packageValue: 1, _updatedAt: 1 } });
  return slashSettingOf(doc);
}
