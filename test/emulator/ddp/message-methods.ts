/**
 * The message methods DDP clients call (Meteor.methods in lib/server/methods/): arguments checked as
 * Meteor's `check` does, the caller taken from the connection's login, the work left to the message services.
 */
import type { EmulatorContext } from '../context.js';
import { MeteorError } from '../errors.js';
import { executeUpdateMessage, type MessageEdit } from '../message-editing.js';

/** The error Meteor sends for a failed `check` (Match.Error's sanitized form). */
function matchFailed(): MeteorError {
	return new MeteorError(400, 'Match failed');
}

function isEdit(value: unknown): value is MessageEdit {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { _id?: unknown })._id === 'string';
}

/** updateMessage(message, previewUrls?): `check(message, Match.ObjectIncluding({ _id: String }))`, then executeUpdateMessage. */
export async function updateMessageMethod(ctx: EmulatorContext, userId: string | undefined, params: unknown[]): Promise<undefined> {
	const [message, previewUrls] = params;
	if (!isEdit(message)) throw matchFailed();
	const urls = previewUrls ?? undefined;
	if (urls !== undefined && !(Array.isArray(urls) && urls.every((url) => typeof url === 'string'))) throw matchFailed();
	if (!userId) throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'updateMessage' });
	// The method returns nothing: the client learns the outcome from `result` (and the edit from the stream).
	await executeUpdateMessage(ctx, userId, message, urls);
	return undefined;
}
