/** How the sandbox's terminal client shows a Rocket.Chat message: author and text, attachments as title and fields. */

/** The message fields the terminal shows. */
export interface PrintableMessage {
	msg: string;
	t?: string;
	u: { username: string };
	alias?: string;
	editedAt?: unknown;
	attachments?: Record<string, unknown>[];
}

function text(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** Lines for one message, prefixed with the room label, e.g. "[#infobot-admin] admin: /info". */
export function renderMessage(room: string, message: PrintableMessage): string[] {
	const author = message.alias ? `${message.alias} (${message.u.username})` : message.u.username;
	if (message.t) return [`[${room}] · ${author} ${message.t}${message.msg ? ` ${message.msg}` : ''}`];
	const lines = [`[${room}] ${author}: ${message.msg}${message.editedAt ? ' (edited)' : ''}`];
	for (const attachment of message.attachments ?? []) {
		const title = text(attachment.title) || text(attachment.author_name) || text(attachment.pretext);
		if (title) lines.push(`  ┃ ${title}`);
		if (text(attachment.text)) lines.push(...text(attachment.text).split('\n').map((line) => `  ┃ ${line}`));
		if (text(attachment.description)) lines.push(`  ┃ ${text(attachment.description)}`);
		const fields = Array.isArray(attachment.fields) ? (attachment.fields as Record<string, unknown>[]) : [];
		for (const field of fields) {
			// A field value may hold several lines (e.g. a number and its change): keep them inside the card.
			const [first, ...rest] = text(field.value).split('\n');
			lines.push(`  ┃   ${text(field.title)}: ${first}`, ...rest.map((line) => `  ┃     ${line}`));
		}
	}
	return lines;
}
