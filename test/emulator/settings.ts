/**
 * Rocket.Chat settings read from `rocketchat_settings`, falling back to Rocket.Chat's package defaults
 * when a workspace has no document for one (a seeded workspace stores only some of them).
 */
import type { Collections, SettingDoc } from './collections.js';

// Package defaults of the settings the emulator consults (app/*/server/startup/settings.ts).
const DEFAULTS: Record<string, unknown> = {
	Message_MaxAllowedSize: 5000,
	Message_AllowEditing: true,
	Message_AllowEditing_BlockEditInMinutes: 0,
	Message_AllowDeleting: true,
	Message_AllowDeleting_BlockDeleteInMinutes: 0,
	Threads_enabled: true,
	Store_Last_Message: true,
	Unread_Count: 'user_and_group_mentions_only',
	Unread_Count_DM: 'all_messages',
	FileUpload_Enabled: true,
	FileUpload_MaxFileSize: 104857600,
	FileUpload_ProtectFiles: true,
	FileUpload_Restrict_to_room_members: true,
	FileUpload_Restrict_to_users_who_can_access_room: false,
	Accounts_LoginExpiration: 90,
	Site_Url: '',
	uniqueID: '',
};

/** Reads one setting's value (the stored value, else Rocket.Chat's default). */
export async function getSetting<T>(c: Collections, id: string): Promise<T> {
	const doc = await c.settings.findOne({ _id: id });
	return (doc?.value ?? DEFAULTS[id]) as T;
}

/** Reads a setting document unless it is hidden (Settings.findOneNotHiddenById). */
export async function findVisibleSetting(c: Collections, id: string): Promise<SettingDoc | null> {
	const doc = await c.settings.findOne({ _id: id });
	return doc && doc.hidden !== true ? doc : null;
}

/** Writes a setting's value, creating the document when the workspace has none yet. */
export async function writeSetting(c: Collections, id: string, value: unknown): Promise<SettingDoc> {
	await c.settings.updateOne({ _id: id }, { $set: { value, _updatedAt: new Date() } }, { upsert: true });
	const doc = await c.settings.findOne({ _id: id });
	if (!doc) throw new Error(`Setting ${id} vanished right after it was written: is another process dropping the database?`);
	return doc;
}
