/**
 * Rocket.Chat's own collections and the document fields the emulator reads and writes.
 * Names follow packages/models (prefix `rocketchat_` except users and instances); shapes follow core-typings.
 */
import type { Collection, Db } from 'mongodb';

/** One entry of users.services.resume.loginTokens: a login token or a personal access token. */
export interface LoginTokenDoc {
	hashedToken: string;
	when?: Date;
	type?: 'personalAccessToken';
	createdAt?: Date;
	name?: string;
	lastTokenPart?: string;
	bypassTwoFactor?: boolean;
}

/** A `users` document (IUser). */
export interface UserDoc {
	_id: string;
	username?: string;
	name?: string;
	type?: string;
	active?: boolean;
	roles?: string[];
	status?: string;
	statusConnection?: string;
	statusText?: string;
	utcOffset?: number;
	emails?: { address: string; verified?: boolean }[];
	createdAt?: Date;
	lastLogin?: Date;
	language?: string;
	services?: {
		password?: { bcrypt?: string };
		resume?: { loginTokens?: LoginTokenDoc[] };
	};
	settings?: { preferences?: Record<string, unknown> };
	_updatedAt?: Date;
	[field: string]: unknown;
}

/** A `rocketchat_room` document (IRoom). */
export interface RoomDoc {
	_id: string;
	t: string;
	name?: string;
	fname?: string;
	msgs?: number;
	usersCount?: number;
	u?: { _id: string; username?: string; name?: string };
	uids?: string[];
	usernames?: string[];
	ts?: Date;
	lm?: Date;
	lastMessage?: MessageDoc;
	ro?: boolean;
	archived?: boolean;
	muted?: string[];
	unmuted?: string[];
	prid?: string;
	teamId?: string;
	joinCodeRequired?: boolean;
	joinCode?: string;
	default?: boolean;
	_updatedAt?: Date;
}

/** A `rocketchat_subscription` document (ISubscription): one user's membership of one room. */
export interface SubscriptionDoc {
	_id: string;
	rid: string;
	u: { _id: string; username?: string; name?: string };
	t: string;
	name?: string;
	fname?: string;
	roles?: string[];
	open?: boolean;
	alert?: boolean;
	unread?: number;
	userMentions?: number;
	groupMentions?: number;
	ts?: Date;
	ls?: Date;
	lr?: Date;
	_updatedAt?: Date;
}

/** A file reference inside a message (FileProp). */
export interface FileProp {
	_id: string;
	name: string;
	type: string;
	size: number;
	format: string;
	typeGroup?: string;
}

/** A `rocketchat_message` document (IMessage). */
export interface MessageDoc {
	_id: string;
	rid: string;
	msg: string;
	ts: Date;
	u: { _id: string; username: string; name?: string };
	_updatedAt: Date;
	t?: string;
	tmid?: string;
	tshow?: boolean;
	tcount?: number;
	tlm?: Date;
	replies?: string[];
	mentions?: { _id: string; username?: string; name?: string; type?: string }[];
	channels?: { _id: string; name?: string }[];
	urls?: { url: string }[];
	attachments?: Record<string, unknown>[];
	blocks?: Record<string, unknown>[];
	reactions?: Record<string, { usernames: string[] }>;
	editedAt?: Date;
	editedBy?: { _id: string; username?: string };
	file?: FileProp;
	files?: FileProp[];
	alias?: string;
	emoji?: string;
	avatar?: string;
	groupable?: boolean;
	parseUrls?: boolean;
	bot?: Record<string, unknown>;
	customFields?: Record<string, unknown>;
}

/** A `rocketchat_uploads` document (IUpload). */
export interface UploadDoc {
	_id: string;
	name: string;
	size: number;
	type: string;
	rid: string;
	userId: string;
	store: string;
	complete: boolean;
	uploading: boolean;
	progress: number;
	extension: string;
	etag: string;
	typeGroup?: string;
	path?: string;
	url?: string;
	description?: string;
	expiresAt?: Date;
	uploadedAt?: Date;
	_updatedAt: Date;
}

/** A `rocketchat_settings` document (ISetting). */
export interface SettingDoc {
	_id: string;
	value: unknown;
	packageValue?: unknown;
	type?: string;
	public?: boolean;
	hidden?: boolean;
	_updatedAt?: Date;
	[field: string]: unknown;
}

/** A `rocketchat_permissions` document: the roles that hold one permission. */
export interface PermissionDoc {
	_id: string;
	roles: string[];
	_updatedAt?: Date;
}

/** A `rocketchat_roles` document. */
export interface RoleDoc {
	_id: string;
	name?: string;
	scope?: string;
	description?: string;
	protected?: boolean;
	mandatory2fa?: boolean;
}

/** An `instances` document (IInstanceStatus): one running Rocket.Chat server. */
export interface InstanceDoc {
	_id: string;
	name: string;
	pid: number;
	_createdAt: Date;
	_updatedAt: Date;
	extraInformation: Record<string, unknown>;
}

/** Typed handles on the collections the emulator uses. */
export interface Collections {
	users: Collection<UserDoc>;
	rooms: Collection<RoomDoc>;
	subscriptions: Collection<SubscriptionDoc>;
	messages: Collection<MessageDoc>;
	uploads: Collection<UploadDoc>;
	settings: Collection<SettingDoc>;
	permissions: Collection<PermissionDoc>;
	roles: Collection<RoleDoc>;
	instances: Collection<InstanceDoc>;
}

export function collectionsOf(db: Db): Collections {
	return {
		users: db.collection<UserDoc>('users'),
		rooms: db.collection<RoomDoc>('rocketchat_room'),
		subscriptions: db.collection<SubscriptionDoc>('rocketchat_subscription'),
		messages: db.collection<MessageDoc>('rocketchat_message'),
		uploads: db.collection<UploadDoc>('rocketchat_uploads'),
		settings: db.collection<SettingDoc>('rocketchat_settings'),
		permissions: db.collection<PermissionDoc>('rocketchat_permissions'),
		roles: db.collection<RoleDoc>('rocketchat_roles'),
		instances: db.collection<InstanceDoc>('instances'),
	};
}
