/**
 * Rocket.Chat settings read from `rocketchat_settings`, falling back to the registry (settings-registry.ts):
 * Rocket.Chat registers every setting with its package default at start, so one nobody wrote still exists.
 */
import type { Collections, SettingDoc } from './collections.js';
import { packageDefault, registeredSetting, registeredSettings, registryDocument } from './settings-registry.js';

/** Reads one setting's value (the stored value, else Rocket.Chat's package default). */
export async function getSetting<T>(c: Collections, id: string): Promise<T> {
	const doc = await c.settings.findOne({ _id: id });
	return (doc?.value ?? packageDefault(id)) as T;
}

/**
 * The setting document as the running release holds it: the stored one with the registry's attributes (the
 * registry rewrites `hidden`, `public`, … of an existing document at every start), or the registry's own
 * document when nothing was written yet; null when neither exists or it is hidden (Settings.findOneNotHiddenById).
 */
export async function findVisibleSetting(c: Collections, id: string, version: string): Promise<SettingDoc | null> {
	const stored = await c.settings.findOne({ _id: id });
	const registered = registeredSetting(id, version);
	const registeredDoc = registered ? registryDocument(registered) : undefined;
	let doc: SettingDoc | null = null;
	if (stored && registeredDoc) doc = { ...stored, hidden: registeredDoc.hidden as boolean };
	else if (stored) doc = stored;
	else if (registeredDoc) doc = registeredDoc as SettingDoc;
	return doc && doc.hidden !== true ? doc : null;
}

/**
 * Settings.updateValueNotHiddenById as BaseRaw runs it: `$set` of `value` and `_updatedAt`. A registered setting
 * nobody wrote yet gets the document the registry would have inserted at start.
 */
export async function writeSetting(c: Collections, id: string, value: unknown, version: string): Promise<SettingDoc> {
	const registered = registeredSetting(id, version);
	const { value: _packageValue, _id: _sameId, ...insert } = registered ? registryDocument(registered) : {};
	await c.settings.updateOne(
		{ _id: id },
		{ $set: { value, _updatedAt: new Date() }, ...(registered && { $setOnInsert: insert }) },
		{ upsert: true },
	);
	const doc = await c.settings.findOne({ _id: id });
	if (!doc) throw new Error(`Setting ${id} vanished right after it was written: is another process dropping the database?`);
	return doc;
}

const PREFERENCE_PREFIX = 'Accounts_Default_User_Preferences_';

/**
 * getUserInfo's getUserPreferences (api/server/helpers/getUserInfo.ts): every Accounts_Default_User_Preferences_*
 * setting the server holds, keyed without the prefix, at its current value.
 */
export async function defaultUserPreferences(c: Collections, version: string): Promise<Record<string, unknown>> {
	const values = new Map<string, unknown>();
	for (const setting of registeredSettings(version)) {
		if (setting._id.startsWith(PREFERENCE_PREFIX)) values.set(setting._id, setting.packageValue);
	}
	const stored = await c.settings.find({ _id: { $regex: `^${PREFERENCE_PREFIX}` } }).toArray();
	for (const doc of stored) values.set(doc._id, doc.value);
	return Object.fromEntries([...values].map(([id, value]) => [id.slice(PREFERENCE_PREFIX.length), value]));
}
