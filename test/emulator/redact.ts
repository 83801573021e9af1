/**
 * What the emulator's log never shows: credentials in DDP frames, and license text (v3 "RCV3_" tokens,
 * v2 base64 blobs) wherever it travels, e.g. in a message someone sends the bot or a settings event.
 */

const SECRET_KEYS = new Set(['resume', 'digest', 'password', 'token', 'authToken']);

/** A frame's text with credentials and license-like strings blanked. */
export function redact(text: string): string {
	return text
		.replace(/"(\w+)":"([^"]*)"/g, (whole, key: string) => (SECRET_KEYS.has(key) ? `"${key}":"***"` : whole))
		.replace(/RCV3_[\w.-]+/g, 'RCV3_***')
		.replace(/[A-Za-z0-9+/=]{200,}/g, '[base64 redacted]');
}
