/**
 * Editing a message as Rocket.Chat does, for the `updateMessage` method and for REST `chat.update`:
 * executeUpdateMessage's checks (lib/server/methods/updateMessage.ts), then updateMessage's write
 * (lib/server/functions/updateMessage.ts: the original merged with the edit, editedAt/editedBy, urls and
 * mentions derived again, one `$set`), the room's lastMessage refresh (notifyUsersOnMessage for edits), and
 * a `message` event the streams re-emit as a `changed` frame.
 */
import { hasPermission } from './authz.js';
import type { MessageDoc, RoomDoc } from './collections.js';
import { compareVersions, type EmulatorContext } from './context.js';
import { MeteorError } from './errors.js';
import { parseMessageText } from './message-parsing.js';
import { canSendMessage, emitRoom } from './messages.js';
import { getSetting } from './settings.js';

/** What a client asks to change: the message `_id` plus the fields it sends (IEditedMessage). */
export interface MessageEdit {
	_id: string;
	[field: string]: unknown;
}

// Keys an edit may change; any other key must equal the stored value.
const EDITABLE = new Set(['tshow', 'alias', 'attachments', 'avatar', 'emoji', 'msg', 'customFields', 'content', 'e2eMentions']);

const MINUTE_MS = 60_000;

/** core-typings isQuoteAttachment: an attachment that carries a `message_link`. */
function isQuoteAttachment(attachment: unknown): boolean {
	return typeof attachment === 'object' && attachment !== null && 'message_link' in attachment && attachment.message_link !== undefined;
}

function refuse(error: string, reason: string, details: Record<string, unknown> = {}): MeteorError {
	return new MeteorError(error, reason, { method: 'updateMessage', ...details });
}

/** The permission and time-limit checks: edit-message, or one's own message while Message_AllowEditing is on. */
async function assertMayEdit(ctx: EmulatorContext, uid: string, rid: string | undefined, original: MessageDoc): Promise<void> {
	const mayEditAny = await hasPermission(ctx.c, uid, 'edit-message', rid);
	const editAllowed = await getSetting<boolean>(ctx.c, 'Message_AllowEditing');
	if (!mayEditAny && (!editAllowed || original.u?._id !== uid)) {
		throw refuse('error-action-not-allowed', 'Message editing not allowed', { action: 'Message_editing' });
	}
	const blockAfter = await getSetting<unknown>(ctx.c, 'Message_AllowEditing_BlockEditInMinutes');
	if (typeof blockAfter !== 'number' || blockAfter === 0) return;
	if (await hasPermission(ctx.c, uid, 'bypass-time-limit-edit-and-delete', rid)) return;
	// moment().diff(ts, 'minutes') truncates: a message 4m59s old is 4 minutes old.
	const ageMinutes = original.ts instanceof Date ? Math.trunc((Date.now() - original.ts.getTime()) / MINUTE_MS) : 0;
	if (ageMinutes >= blockAfter) throw refuse('error-message-editing-blocked', 'Message editing is blocked');
}

/**
 * executeUpdateMessage: checks the edit, then writes it. Resolves without writing when the message does
 * not exist or its text is unchanged (and no previewUrls or customFields ask for a rewrite), as Rocket.Chat does.
 */
export async function executeUpdateMessage(ctx: EmulatorContext, uid: string, edit: MessageEdit, previewUrls?: string[]): Promise<void> {
	const original = await ctx.c.messages.findOne({ _id: edit._id });
	if (!original) return;
	const stored = original as unknown as Record<string, unknown>;
	for (const [key, value] of Object.entries(edit)) {
		if (!EDITABLE.has(key) && value !== stored[key]) throw refuse('error-invalid-update-key', `Cannot update the message ${key}`);
	}
	const currentText = original.attachments?.[0]?.description ?? original.msg;
	if (currentText === edit.msg && !previewUrls && !edit.customFields) return;
	if (edit.tmid && edit.tmid === original._id) throw refuse('error-message-same-as-tmid', 'Cannot set tmid the same as the _id');
	if (!original.tmid && edit.tmid) throw refuse('error-message-change-to-thread', 'Cannot update message to a thread');

	// Rocket.Chat checks permissions in the room the client names (equal to the stored one, per the key check).
	const rid = typeof edit.rid === 'string' ? edit.rid : undefined;
	await assertMayEdit(ctx, uid, rid, original);
	const user = await ctx.c.users.findOne({ _id: uid });
	if (!user) throw refuse('error-invalid-user', 'Invalid user');
	await canSendMessage(ctx, rid ?? '', user);

	const changes: Record<string, unknown> = { ...edit };
	// A file message keeps its text in the first attachment's description.
	const first = original.attachments?.[0];
	if (first && first.description !== undefined) {
		changes.attachments = original.attachments?.map((attachment, i) => (i === 0 ? { ...attachment, description: edit.msg } : attachment));
		changes.msg = original.msg;
	}
	changes.u = original.u;
	await writeEdit(ctx, original, changes, { _id: user._id, username: user.username }, previewUrls);
}

/** functions/updateMessage: the merged message saved with one `$set`, then told to the room. */
async function writeEdit(
	ctx: EmulatorContext,
	original: MessageDoc,
	changes: Record<string, unknown>,
	editedBy: MessageDoc['editedBy'],
	previewUrls?: string[],
): Promise<void> {
	const now = new Date();
	const merged = { ...original, ...changes, editedAt: now, editedBy, _updatedAt: now } as MessageDoc & Record<string, unknown>;
	// BeforeSaveJumpToMessage drops the quote attachments (those with a message_link) of an edited message, from
	// RocketChat/Rocket.Chat#31660 (6.6.0); it then quotes the links still in the text, which the emulator never does.
	if (compareVersions(ctx.identity.version, '6.6.0') >= 0 && Array.isArray(merged.attachments)) {
		merged.attachments = merged.attachments.filter((attachment) => !isQuoteAttachment(attachment));
	}
	const room = await ctx.c.rooms.findOne({ _id: merged.rid });
	if (!room) return;
	const text = typeof merged.msg === 'string' ? merged.msg : '';
	const parsed = await parseMessageText(ctx.c, text, previewUrls);
	merged.mentions = parsed.mentions;
	merged.channels = parsed.channels;
	// parseUrlsInMessage writes the urls found in the new text, an empty list when there are none.
	if (merged.parseUrls !== false) merged.urls = parsed.urls ?? [];
	// The emulator derives no `md` AST; a stored one would describe the old text.
	const { _id, md: _staleAst, ...set } = merged;
	await ctx.c.messages.updateOne({ _id }, { $set: set, $unset: { md: 1 } });
	const updated = (await ctx.c.messages.findOne({ _id })) ?? merged;
	ctx.bus.emit({ kind: 'message', message: updated });
	await refreshLastMessage(ctx, room, updated, now);
}

/** notifyUsersOnMessage for an edit: the room's lastMessage follows the edited message when it is the last one. */
async function refreshLastMessage(ctx: EmulatorContext, room: RoomDoc, message: MessageDoc, now: Date): Promise<void> {
	if (!(await getSetting<boolean>(ctx.c, 'Store_Last_Message'))) return;
	if (message.tmid && !message.tshow) return;
	if (room.lastMessage && room.lastMessage._id !== message._id) return;
	await ctx.c.rooms.updateOne({ _id: room._id }, { $set: { lastMessage: message, _updatedAt: now } });
	await emitRoom(ctx, room._id);
}
