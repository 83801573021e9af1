/**
 * What Rocket.Chat derives from a message's text before saving it: user and channel mentions
 * (MentionsParser in Message.beforeSave) and the URLs to preview (parseUrlsInMessage).
 */
import type { Collections, MessageDoc } from './collections.js';

const USER_MENTION = /(?:^|[\s>(])@([0-9a-zA-Z\-_.]+(?:@[0-9a-zA-Z\-_.]+)?)/g;
const CHANNEL_MENTION = /(?:^|[\s>(])#([^\s,.:;"')]+)/g;
const URL = /https?:\/\/[^\s<>"')\]]+/g;

function matches(text: string, pattern: RegExp): string[] {
	return [...text.matchAll(pattern)].map((match) => (match[1] ?? match[0]).replace(/\.+$/, ''));
}

/** mentions, channels and urls of a message text. */
export async function parseMessageText(
	c: Collections,
	text: string,
	previewUrls?: string[],
): Promise<Pick<MessageDoc, 'mentions' | 'channels' | 'urls'>> {
	const usernames = [...new Set(matches(text, USER_MENTION))];
	const groups: string[] = usernames.filter((name) => name === 'all' || name === 'here');
	const users = await c.users
		.find({ username: { $in: usernames.filter((name) => !groups.includes(name)) } }, { projection: { username: 1, name: 1 } })
		.toArray();
	const mentions = [
		...groups.map((name) => ({ _id: name, username: name })),
		...users.map((user) => ({ _id: user._id, username: user.username, name: user.name, type: 'user' })),
	];

	const channelNames = [...new Set(matches(text, CHANNEL_MENTION))];
	const rooms = channelNames.length
		? await c.rooms.find({ name: { $in: channelNames }, t: { $in: ['c', 'p'] } }, { projection: { name: 1, fname: 1 } }).toArray()
		: [];
	const channels = rooms.map((room) => ({ _id: room._id, name: room.name, ...(room.fname && { fname: room.fname }) }));

	const found = [...new Set(text.match(URL) ?? [])];
	const urls = (previewUrls ? found.filter((url) => previewUrls.includes(url)) : found).map((url) => ({ url }));
	return { mentions, channels, ...(found.length > 0 && { urls }) };
}
