/**
 * Request schemas transcribed from @rocket.chat/rest-typings 8.8.1 (dist/v1/*.js AJV schemas) and, where
 * the server declares its own, from the server route (stats.ts). AJV's `nullable: true` on an optional key
 * becomes `.nullish()`; `additionalProperties: false` becomes a strict object. Query schemas coerce numbers
 * as ajvQuery (coerceTypes: 'array') does.
 */
import { z } from 'zod';

const record = z.record(z.string(), z.unknown());
const stringOrStrings = z.union([z.string(), z.array(z.string())]);

/** v1/chat.js chatSendMessageSchema: strict at the top level only; `rid` is typed but not required there. */
export const chatSendMessage = z.strictObject({
	message: z.looseObject({
		_id: z.string().nullish(),
		rid: z.string().optional(),
		tmid: z.string().nullish(),
		msg: z.string().nullish(),
		alias: z.string().nullish(),
		emoji: z.string().nullish(),
		tshow: z.boolean().nullish(),
		avatar: z.string().nullish(),
		attachments: z.array(record).nullish(),
		blocks: z.array(record).nullish(),
		customFields: record.nullish(),
	}),
	previewUrls: z.array(z.string()).nullish(),
});

const postMessageCommon = {
	text: z.string().nullish(),
	alias: z.string().nullish(),
	emoji: z.string().nullish(),
	avatar: z.string().nullish(),
	attachments: z.array(record).nullish(),
	customFields: record.nullish(),
	parseUrls: z.boolean().optional(),
};

/** v1/chat.js ChatPostMessageSchema: by roomId (with tmid) or by channel. */
export const chatPostMessage = z.union([
	z.strictObject({ roomId: stringOrStrings, tmid: z.string().optional(), ...postMessageCommon }),
	z.strictObject({ channel: stringOrStrings, ...postMessageCommon }),
]);

/** v1/chat.js ChatUpdateSchema (the plain-text branch; the e2e `content` branch is accepted as a shape). */
export const chatUpdate = z.union([
	z.strictObject({
		roomId: z.string(),
		msgId: z.string(),
		text: z.string(),
		previewUrls: z.array(z.string()).nullish(),
		customFields: record.nullish(),
	}),
	z.strictObject({ roomId: z.string(), msgId: z.string(), content: record, e2eMentions: record.nullish() }),
]);

/** Schemas AJV declares with anyOf (any branch may match) rather than oneOf; the wording of the failure differs. */
export const ANY_OF = new Set<z.ZodType>();

function anyOf<T extends z.ZodType>(schema: T): T {
	ANY_OF.add(schema);
	return schema;
}

const deleteFields = { roomId: z.string(), asUser: z.boolean().nullish() };

/** v1/chat.js ChatDeleteSchema: anyOf (msgId + roomId) or fileId. */
export const chatDelete = anyOf(
	z.union([
		z.strictObject({ msgId: z.string(), ...deleteFields, fileId: z.string().optional() }),
		z.strictObject({ fileId: z.string(), msgId: z.string().optional(), roomId: z.string().optional(), asUser: z.boolean().nullish() }),
	]),
);

/** v1/chat.js ChatReactSchema: `emoji` or `reaction`. */
export const chatReact = z.union([
	z.strictObject({ emoji: z.string(), messageId: z.string().min(1), shouldReact: z.boolean().nullish() }),
	z.strictObject({ reaction: z.string(), messageId: z.string().min(1), shouldReact: z.boolean().nullish() }),
]);

/** v1/dm/DmCreateProps.js */
export const dmCreate = z.union([
	z.strictObject({ usernames: z.string(), excludeSelf: z.boolean().optional() }),
	z.strictObject({ username: z.string(), excludeSelf: z.boolean().optional() }),
]);

/** v1/users/UsersInfoParamsGet.js (userId or username). */
export const usersInfo = anyOf(z.union([
	z.strictObject({ userId: z.string(), includeUserRooms: z.string().optional(), fields: z.string().nullish() }),
	z.strictObject({ username: z.string(), includeUserRooms: z.string().optional(), fields: z.string().nullish() }),
]));

/** v1/channels/ChannelsJoinProps.js */
export const channelsJoin = z.union([
	z.strictObject({ roomId: z.string(), joinCode: z.string().nullish() }),
	z.strictObject({ roomName: z.string(), joinCode: z.string().nullish() }),
]);

const historyCommon = {
	latest: z.string().min(1).nullish(),
	oldest: z.string().min(1).nullish(),
	showThreadMessages: z.enum(['false', 'true']).nullish(),
	inclusive: z.enum(['false', 'true']).nullish(),
	unreads: z.enum(['true', 'false']).nullish(),
	count: z.coerce.number().nullish(),
	offset: z.coerce.number().nullish(),
	sort: z.string().nullish(),
};

/** v1/channels/ChannelsHistoryProps.js */
export const channelsHistory = z.union([
	z.strictObject({ roomId: z.string().min(1), ...historyCommon }),
	z.strictObject({ roomName: z.string().min(1), ...historyCommon }),
]);

/** v1/groups/GroupsHistoryProps.js and v1/dm/DmHistoryProps.js (by roomId). */
export const roomHistory = z.strictObject({ roomId: z.string().min(1), ...historyCommon });

/** v1/subscriptionsEndpoints.js SubscriptionsGetSchema; also rooms.get's only parameter. */
export const updatedSince = z.strictObject({ updatedSince: z.string().nullish() });

/** v1/licenses.js licensesAddPropsSchema */
export const licensesAdd = z.strictObject({ license: z.string() });

/** v1/licenses.js licensesInfoPropsSchema (ajvQuery coerces "true"/"false"). */
export const licensesInfo = z.strictObject({
	loadValues: z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean()).optional(),
});

/** The schema stats.ts declares for GET statistics: `refresh` is 'true' or 'false'. */
export const statistics = z.strictObject({ refresh: z.enum(['true', 'false']).optional() });
/** stats.ts isStatisticsListProps: fields, count, offset, sort, query (ajv coerces the query string's numbers). */
export const statisticsList = z.strictObject({
	fields: z.string().nullish(),
	count: z.coerce.number().nullish(),
	offset: z.coerce.number().nullish(),
	sort: z.string().nullish(),
	query: z.string().nullish(),
});
// isSettingsPublicWithPaginationProps: `_id` (comma-separated, 7.0+) and the pagination keys.
export const settingsPublic = z.looseObject({ _id: z.string().optional(), count: z.string().optional(), offset: z.string().optional() });

