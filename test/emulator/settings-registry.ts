import { compareVersions } from './context.js';

/**
 * Rocket.Chat's settings registry for the groups the bot and the Info page touch, as `settingsRegistry.add`
 * registers them at start (so a setting exists with its package default before anyone writes it).
 * Transcribed from RocketChat/Rocket.Chat (facts only, each group names its file):
 *   apps/meteor/server/settings/message.ts, file-upload.ts, accounts.ts, general.ts, threads.ts,
 *   federation.ts, matrix-federation.ts, federation-service.ts; apps/meteor/ee/app/license/server/settings.ts.
 * `since`/`until` bound the releases that register a setting (absent: registered in every release the
 * emulator claims, 6.x–8.x, as far as the files read show); `changes` are attributes a later release changed.
 * Left out on purpose: `values` of selects, enableQuery, i18n labels, alerts, minValue/maxValue.
 */

/** Rocket.Chat's ISetting types that occur in these groups. */
export type SettingType =
	| 'boolean'
	| 'string'
	| 'int'
	| 'select'
	| 'multiSelect'
	| 'code'
	| 'action'
	| 'password'
	| 'language'
	| 'timezone';

/** The attributes of a registered setting that decide what the REST API answers. */
export interface SettingFlags {
	public?: boolean;
	hidden?: boolean;
	readonly?: boolean;
	enterprise?: boolean;
	invalidValue?: unknown;
	modules?: readonly string[];
	secret?: boolean;
}

/** One registered setting. */
export interface RegisteredSetting extends SettingFlags {
	_id: string;
	group: string;
	section?: string;
	type: SettingType;
	packageValue: unknown;
	/** First release that registers it. */
	since?: string;
	/** First release that no longer registers it. */
	until?: string;
	/** Attributes changed from a release on (oldest first). */
	changes?: Array<{ from: string; set: SettingFlags; why: string }>;
	/** The Rocket.Chat file it is registered in. */
	source: string;
}

type Entry = [id: string, packageValue: unknown, type: SettingType, flags?: SettingFlags & Pick<RegisteredSetting, 'since' | 'until' | 'changes'>];

function group(name: string, source: string, section: string | undefined, entries: Entry[]): RegisteredSetting[] {
	return entries.map(([_id, packageValue, type, flags]) => ({ _id, group: name, ...(section && { section }), type, packageValue, source, ...flags }));
}

const P = { public: true } as const;
const H = { hidden: true } as const;

const MESSAGE = 'apps/meteor/server/settings/message.ts';
const FILE_UPLOAD = 'apps/meteor/server/settings/file-upload.ts';
const ACCOUNTS = 'apps/meteor/server/settings/accounts.ts';
const GENERAL = 'apps/meteor/server/settings/general.ts';
const FEDERATION = 'apps/meteor/server/settings/federation.ts';
const MATRIX = 'apps/meteor/server/settings/matrix-federation.ts';
const MATRIX_ADAPTER = 'apps/meteor/server/services/federation/infrastructure/rocket-chat/adapters/Settings.ts';
const NATIVE_FEDERATION = 'apps/meteor/server/settings/federation-service.ts';
const LICENSE = 'apps/meteor/ee/app/license/server/settings.ts';

// RocketChat/Rocket.Chat#36991 ("organize federation settings", merged 2025-09-18, after 7.10.0) hid the legacy
// federation settings and added the native ones in the same group; 7.11.0 is the first release that can carry it.
const FEDERATION_REORGANISED = '7.11.0';
const HIDDEN_BY_36991 = { from: FEDERATION_REORGANISED, set: { hidden: true, readonly: true }, why: 'RocketChat/Rocket.Chat#36991 hid legacy federation settings' };

const EE_READ_RECEIPT = { enterprise: true, modules: ['message-read-receipt'], public: true } as const;
const NATIVE = { enterprise: true, modules: ['federation'], since: FEDERATION_REORGANISED } as const;

const MESSAGE_SETTINGS: RegisteredSetting[] = [
	...group('Message', MESSAGE, 'Message_Attachments', [
		['Message_Attachments_Thumbnails_Enabled', true, 'boolean', P],
		['Message_Attachments_Thumbnails_Width', 480, 'int', P],
		['Message_Attachments_Thumbnails_Height', 360, 'int', P],
		['Message_Attachments_Strip_Exif', true, 'boolean', P],
	]),
	...group('Message', MESSAGE, 'Message_Audio', [
		['Message_AudioRecorderEnabled', true, 'boolean', P],
		['Message_Audio_bitRate', 32, 'int', P],
	]),
	...group('Message', MESSAGE, 'Read_Receipts', [
		['Message_Read_Receipt_Enabled', false, 'boolean', { ...EE_READ_RECEIPT, invalidValue: false }],
		['Message_Read_Receipt_Store_Users', false, 'boolean', { ...EE_READ_RECEIPT, invalidValue: false }],
	]),
	...group('Message', MESSAGE, undefined, [
		['Message_CustomDomain_AutoLink', '', 'string', P],
		['Message_AllowEditing', true, 'boolean', P],
		['Message_AllowEditing_BlockEditInMinutes', 0, 'int', P],
		['Message_AllowDeleting', true, 'boolean', P],
		['Message_AllowDeleting_BlockDeleteInMinutes', 0, 'int', P],
		['Message_AllowUnrecognizedSlashCommand', false, 'boolean', P],
		['Message_AllowDirectMessagesToYourself', true, 'boolean', P],
		['Message_AlwaysSearchRegExp', false, 'boolean'],
		['Message_ShowDeletedStatus', false, 'boolean', P],
		['Message_AllowBadWordsFilter', false, 'boolean', P],
		['Message_BadWordsFilterList', '', 'string', P],
		['Message_BadWordsWhitelist', '', 'string', P],
		['Message_KeepHistory', false, 'boolean', P],
		['Message_MaxAll', 0, 'int', P],
		['Message_MaxAllowedSize', 5000, 'int', P],
		['Message_AllowConvertLongMessagesToAttachment', true, 'boolean', P],
		['Message_GroupingPeriod', 300, 'int', P],
		['API_Embed', true, 'boolean', P],
		['API_EmbedCacheExpirationDays', 30, 'int', { public: false }],
		['API_Embed_clear_cache_now', 'OEmbedCacheCleanup', 'action'],
		['API_EmbedIgnoredHosts', 'localhost, 127.0.0.1, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16', 'string'],
		['API_EmbedSafePorts', '80, 443', 'string'],
		['API_EmbedTimeout', 10, 'int'],
		['Message_TimeFormat', 'LT', 'string', P],
		['Message_DateFormat', 'LL', 'string', P],
		['Message_TimeAndDateFormat', 'LLL', 'string', P],
		['Message_QuoteChainLimit', 2, 'int', P],
		['Hide_System_Messages', [], 'multiSelect', P],
		['DirectMesssage_maxUsers', 8, 'int', P],
		['Message_ErasureType', 'Delete', 'select', P],
		['Message_Auditing_Panel_Load_Count', 0, 'int', H],
		['Message_Auditing_Apply_Count', 0, 'int', H],
		['Message_VideoRecorderEnabled', true, 'boolean', P],
		['AutoTranslate_Enabled', false, 'boolean', P],
		['HexColorPreview_Enabled', true, 'boolean', P],
		['Katex_Enabled', true, 'boolean', P],
		['MapView_Enabled', false, 'boolean', P],
		['Message_AllowPinning', true, 'boolean', P],
		['Message_AllowStarring', true, 'boolean', P],
		['Message_CustomFields_Enabled', false, 'boolean'],
		['Message_CustomFields', '', 'code', { invalidValue: '' }],
	]),
];

const FILE_UPLOAD_SETTINGS = group('FileUpload', FILE_UPLOAD, undefined, [
	['FileUpload_Enabled', true, 'boolean', P],
	['FileUpload_MaxFileSize', 104857600, 'int', P],
	['FileUpload_MediaTypeWhiteList', '', 'string', P],
	['FileUpload_MediaTypeBlackList', 'image/svg+xml', 'string', P],
	['FileUpload_ProtectFiles', true, 'boolean', P],
	['FileUpload_Restrict_to_room_members', true, 'boolean'],
	['FileUpload_Restrict_to_users_who_can_access_room', false, 'boolean'],
	['FileUpload_RotateImages', true, 'boolean', P],
	['FileUpload_Enable_json_web_token_for_files', true, 'boolean'],
	['FileUpload_json_web_token_secret_for_files', '', 'string'],
	['FileUpload_Storage_Type', 'GridFS', 'select', P],
	['FileUpload_FileSystemPath', '', 'string'],
	['FileUpload_Enabled_Direct', true, 'boolean', P],
]);

/** The Accounts_Default_User_Preferences_* section: `me` merges these under the user's own preferences. */
const DEFAULT_PREFERENCES = group('Accounts', ACCOUNTS, 'Accounts_Default_User_Preferences', [
	['Accounts_Default_User_Preferences_enableAutoAway', true, 'boolean', P],
	['Accounts_Default_User_Preferences_idleTimeLimit', 300, 'int', P],
	['Accounts_Default_User_Preferences_desktopNotificationRequireInteraction', false, 'boolean', P],
	['Accounts_Default_User_Preferences_desktopNotifications', 'all', 'select', P],
	['Accounts_Default_User_Preferences_pushNotifications', 'all', 'select', P],
	['Accounts_Default_User_Preferences_unreadAlert', true, 'boolean', P],
	['Accounts_Default_User_Preferences_useEmojis', true, 'boolean', P],
	['Accounts_Default_User_Preferences_convertAsciiEmoji', true, 'boolean', P],
	['Accounts_Default_User_Preferences_autoImageLoad', true, 'boolean', P],
	['Accounts_Default_User_Preferences_saveMobileBandwidth', true, 'boolean', P],
	['Accounts_Default_User_Preferences_collapseMediaByDefault', false, 'boolean', P],
	['Accounts_Default_User_Preferences_hideUsernames', false, 'boolean', P],
	['Accounts_Default_User_Preferences_hideRoles', false, 'boolean', P],
	['Accounts_Default_User_Preferences_hideFlexTab', false, 'boolean', P],
	['Accounts_Default_User_Preferences_displayAvatars', true, 'boolean', P],
	['Accounts_Default_User_Preferences_sidebarGroupByType', true, 'boolean', P],
	['Accounts_Default_User_Preferences_themeAppearence', 'auto', 'select', P],
	['Accounts_Default_User_Preferences_sidebarViewMode', 'medium', 'select', P],
	['Accounts_Default_User_Preferences_sidebarDisplayAvatar', true, 'boolean', P],
	['Accounts_Default_User_Preferences_sidebarShowUnread', false, 'boolean', P],
	['Accounts_Default_User_Preferences_sidebarSortby', 'activity', 'select', P],
	['Accounts_Default_User_Preferences_showThreadsInMainChannel', false, 'boolean', P],
	['Accounts_Default_User_Preferences_alsoSendThreadToChannel', 'default', 'select', P],
	['Accounts_Default_User_Preferences_sidebarShowFavorites', true, 'boolean', P],
	['Accounts_Default_User_Preferences_sendOnEnter', 'normal', 'select', P],
	['Accounts_Default_User_Preferences_emailNotificationMode', 'mentions', 'select', P],
	['Accounts_Default_User_Preferences_newRoomNotification', 'door', 'select', P],
	['Accounts_Default_User_Preferences_newMessageNotification', 'chime', 'select', P],
	['Accounts_Default_User_Preferences_muteFocusedConversations', true, 'boolean', P],
	['Accounts_Default_User_Preferences_notificationsSoundVolume', 100, 'int', P],
	['Accounts_Default_User_Preferences_omnichannelTranscriptEmail', false, 'boolean', P],
	['Accounts_Default_User_Preferences_notifyCalendarEvents', true, 'boolean', P],
	['Accounts_Default_User_Preferences_enableMobileRinging', true, 'boolean', P],
	[
		'Accounts_Default_User_Preferences_sidebarSectionsOrder',
		['Incoming_Calls', 'Incoming_Livechats', 'Open_Livechats', 'On_Hold_Chats', 'Unread', 'Favorites', 'Teams', 'Discussions', 'Channels', 'Direct_Messages', 'Conversations'],
		'multiSelect',
		P,
	],
	['Accounts_Default_User_Preferences_featuresPreview', '[]', 'string', P],
]);

const ACCOUNTS_SETTINGS: RegisteredSetting[] = [
	...group('Accounts', ACCOUNTS, 'Two Factor Authentication', [
		['Accounts_TwoFactorAuthentication_Enabled', true, 'boolean', P],
		['Accounts_TwoFactorAuthentication_MaxDelta', 1, 'int'],
		['Accounts_TwoFactorAuthentication_By_TOTP_Enabled', true, 'boolean', P],
		['Accounts_TwoFactorAuthentication_By_Email_Enabled', true, 'boolean', P],
		['Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In', true, 'boolean'],
		['Accounts_TwoFactorAuthentication_By_Email_Code_Expiration', 3600, 'int'],
		['Accounts_TwoFactorAuthentication_RememberFor', 1800, 'int'],
		['Accounts_TwoFactorAuthentication_Enforce_Password_Fallback', true, 'boolean', P],
	]),
	...group('Accounts', ACCOUNTS, 'Login_Attempts', [
		['Block_Multiple_Failed_Logins_Enabled', true, 'boolean'],
		['Block_Multiple_Failed_Logins_By_User', true, 'boolean'],
		['Block_Multiple_Failed_Logins_By_Ip', true, 'boolean'],
	]),
	...group('Accounts', ACCOUNTS, undefined, [
		['Accounts_AllowAnonymousRead', false, 'boolean', P],
		['Accounts_AllowAnonymousWrite', false, 'boolean', P],
		['Accounts_AllowDeleteOwnAccount', false, 'boolean', P],
		['Accounts_AllowUserProfileChange', true, 'boolean', P],
		['Accounts_AllowUserAvatarChange', true, 'boolean', P],
		['Accounts_AllowRealNameChange', true, 'boolean', P],
		['Accounts_AllowUserStatusMessageChange', true, 'boolean', P],
		['Accounts_AllowUsernameChange', true, 'boolean', P],
		['Accounts_AllowEmailChange', true, 'boolean', P],
		['Accounts_AllowPasswordChange', true, 'boolean', P],
		['Accounts_AllowEmailNotifications', true, 'boolean', P],
		['Accounts_AllowFeaturePreview', false, 'boolean', P],
		['Accounts_CustomFieldsToShowInUserInfo', '', 'string', P],
		['Accounts_LoginExpiration', 90, 'int', P],
		['Accounts_SearchFields', 'username, name, bio, nickname', 'string'],
		['Accounts_Directory_DefaultView', 'channels', 'select', P],
		['Accounts_AllowInvisibleStatusOption', true, 'boolean', P],
	]),
	...group('Accounts', ACCOUNTS, 'Registration', [
		['Accounts_RequireNameForSignUp', true, 'boolean', P],
		['Accounts_RequirePasswordConfirmation', true, 'boolean', P],
		['Accounts_EmailVerification', false, 'boolean', P],
		['Accounts_ManuallyApproveNewUsers', false, 'boolean', P],
		['Accounts_AllowedDomainsList', '', 'string', P],
		['Accounts_BlockedDomainsList', '', 'string'],
		['Accounts_BlockedUsernameList', '', 'string'],
		['Accounts_SystemBlockedUsernameList', 'admin,administrator,system,user', 'string', H],
		['Manual_Entry_User_Count', 0, 'int', H],
		['CSV_Importer_Count', 0, 'int', H],
		['Hipchat_Enterprise_Importer_Count', 0, 'int', H],
		['Slack_Importer_Count', 0, 'int', H],
		['Slack_Users_Importer_Count', 0, 'int', H],
		['Accounts_RegistrationForm', 'Public', 'select', P],
		['Accounts_Registration_AuthenticationServices_Enabled', true, 'boolean', P],
		['Accounts_Registration_Users_Default_Roles', 'user', 'string', P],
		['Accounts_PasswordReset', true, 'boolean', P],
		['Accounts_CustomFields', '', 'code', P],
	]),
	...DEFAULT_PREFERENCES,
	...group('Accounts', ACCOUNTS, 'Password_Policy', [['Accounts_Password_Policy_Enabled', false, 'boolean', P]]),
];

const GENERAL_SETTINGS: RegisteredSetting[] = [
	// The REST API section of the General group (what the issue calls the API settings).
	...group('General', GENERAL, 'REST API', [
		['API_Upper_Count_Limit', 100, 'int', P],
		['API_Default_Count', 50, 'int', { public: false }],
		['API_Allow_Infinite_Count', true, 'boolean', { public: false }],
		['API_Enable_Direct_Message_History_EndPoint', false, 'boolean', { public: false }],
		['API_Enable_Shields', true, 'boolean', { public: false }],
		['API_Shield_Types', '*', 'string', { public: false }],
		['API_Enable_CORS', false, 'boolean', { public: false }],
		['API_CORS_Origin', '*', 'string', { public: false }],
		['API_User_Limit', 500, 'int', P],
	]),
	...group('General', GENERAL, undefined, [
		['Show_Setup_Wizard', 'pending', 'select', { public: true, readonly: true }],
		// The default is the server's ROOT_URL (null when Meteor has none).
		['Site_Url', null, 'string', P],
		['Site_Name', 'Rocket.Chat', 'string', P],
		['Language', '', 'language', P],
		['Allow_Invalid_SelfSigned_Certs', false, 'boolean', { secret: true }],
		['Enable_CSP', true, 'boolean'],
		['Favorite_Rooms', true, 'boolean', P],
		['First_Channel_After_Login', '', 'string', P],
		['Unread_Count', 'user_and_group_mentions_only', 'select', P],
		['Unread_Count_DM', 'all_messages', 'select', P],
		['DeepLink_Url', 'https://go.rocket.chat', 'string', P],
		['CDN_PREFIX', '', 'string', P],
		['Force_SSL', false, 'boolean', P],
		['Restart', 'restart_server', 'action'],
		['Store_Last_Message', true, 'boolean', P],
	]),
	// Statistics: the only switch the General group registers for them (hidden, so the REST route never shows it).
	...group('General', GENERAL, 'Reporting', [['Statistics_reporting', true, 'boolean', H]]),
	...group('General', GENERAL, 'Notifications', [['Notifications_Max_Room_Members', 100, 'int', P]]),
	...group('General', GENERAL, 'Update', [
		['Update_LatestAvailableVersion', '0.0.0', 'string', { readonly: true }],
		['Update_EnableChecker', true, 'boolean'],
	]),
	...group('Threads', 'apps/meteor/server/settings/threads.ts', undefined, [['Threads_enabled', true, 'boolean', P]]),
];

const FEDERATION_SETTINGS: RegisteredSetting[] = [
	...group('Federation', FEDERATION, 'Rocket.Chat Federation', [
		['FEDERATION_Enabled', false, 'boolean', { public: true, changes: [{ from: FEDERATION_REORGANISED, set: { readonly: true }, why: 'RocketChat/Rocket.Chat#36991' }] }],
		['FEDERATION_Status', 'Disabled', 'string', { readonly: true, changes: [HIDDEN_BY_36991] }],
		['FEDERATION_Domain', '', 'string', { changes: [HIDDEN_BY_36991] }],
		['FEDERATION_Public_Key', '', 'string', { readonly: true, changes: [HIDDEN_BY_36991] }],
		['FEDERATION_Discovery_Method', 'dns', 'select', { public: true, changes: [HIDDEN_BY_36991] }],
		['FEDERATION_Test_Setup', 'FEDERATION_Test_Setup', 'action', { changes: [HIDDEN_BY_36991] }],
	]),
	// FEDERATION_Healthy, _Populated and _Resolved* are not registered: server/cron/federation.ts adds them on its
	// first run, which only happens while FEDERATION_Enabled is on, as `settingsRegistry.add(id, value)` with no
	// options, so not hidden (app/settings/server/functions/getSettingDefaults.ts: `hidden: options.hidden || …`).
	// The result of the bridge's "check configuration" button: registered visible by the bridge's adapter up to 7.10,
	// hidden from the 7.11 reorganisation (apps/meteor/server/services/federation/Settings.ts).
	...group('Federation', MATRIX_ADAPTER, 'Matrix Bridge', [
		['Federation_Matrix_configuration_status', 'Invalid', 'string', { readonly: true, invalidValue: '', changes: [HIDDEN_BY_36991] }],
	]),
	...group('Federation', MATRIX, 'Matrix Bridge', [
		['Federation_Matrix_enabled', false, 'boolean', P],
		// Derived from uniqueID at start (rocketchat_<uniqueID>, SHA-256 tokens); the emulator cannot know them before then.
		['Federation_Matrix_id', '', 'string', { readonly: true }],
		['Federation_Matrix_hs_token', '', 'string', { readonly: true }],
		['Federation_Matrix_as_token', '', 'string', { readonly: true }],
		['Federation_Matrix_homeserver_url', 'http://localhost:8008', 'string'],
		['Federation_Matrix_homeserver_domain', 'local.rocket.chat', 'string'],
		['Federation_Matrix_bridge_url', 'http://host.docker.internal:3300', 'string'],
		['Federation_Matrix_bridge_localpart', 'rocket.cat', 'string'],
		['Federation_Matrix_registration_file', '', 'code', { readonly: true }],
		['Federation_Matrix_max_size_of_public_rooms_users', 100, 'int', { public: true, enterprise: true, invalidValue: false }],
	]),
	...group('Federation', NATIVE_FEDERATION, undefined, [
		['Federation_Service_Enabled', false, 'boolean', { ...NATIVE, public: true, invalidValue: false }],
		['Federation_Service_Domain', '', 'string', { ...NATIVE, public: false, invalidValue: '' }],
		['Federation_Service_Matrix_Signing_Algorithm', 'ed25519', 'select', { ...NATIVE, public: false, invalidValue: 'ed25519' }],
		['Federation_Service_Matrix_Signing_Version', '0', 'string', { ...NATIVE, public: false, readonly: true, invalidValue: '0' }],
		// A random ed25519 key at registration; an empty string stands for it here.
		['Federation_Service_Matrix_Signing_Key', '', 'password', { ...NATIVE, public: false, invalidValue: '' }],
		['Federation_Service_max_allowed_size_of_public_rooms_to_join', 100, 'int', { ...NATIVE, public: false, invalidValue: false }],
		['Federation_Service_Allow_List', '', 'string', { public: false, since: FEDERATION_REORGANISED }],
		['Federation_Service_EDU_Process_Typing', true, 'boolean', { ...NATIVE, public: false, invalidValue: false }],
		['Federation_Service_EDU_Process_Presence', false, 'boolean', { ...NATIVE, public: false, invalidValue: false }],
		['Federation_Service_EDU_Process_Receipt', false, 'boolean', { ...NATIVE, public: true, invalidValue: false }],
		['Federation_Service_Join_Encrypted_Rooms', false, 'boolean', { ...NATIVE, public: false, invalidValue: false }],
		['Federation_Service_Join_Non_Private_Rooms', false, 'boolean', { ...NATIVE, public: false, invalidValue: false }],
		['Federation_Service_Validate_User_Domain', false, 'boolean', { ...NATIVE, public: false, invalidValue: false }],
	]),
];

// The group is 'Enterprise' in every release (its label says Premium from 7.x); Enterprise_License_Data is 8.x
// (shared/reference/rocketchat-info.md §4.7, matching the variants of the license settings file).
const LICENSE_SETTINGS = group('Enterprise', LICENSE, 'License', [
	['Enterprise_License', '', 'string'],
	['Enterprise_License_Data', '', 'string', { hidden: true, public: false, since: '8.0.0' }],
	['Enterprise_License_Status', '', 'string', { readonly: true }],
]);

const ALL: RegisteredSetting[] = [...MESSAGE_SETTINGS, ...FILE_UPLOAD_SETTINGS, ...ACCOUNTS_SETTINGS, ...GENERAL_SETTINGS, ...FEDERATION_SETTINGS, ...LICENSE_SETTINGS];
const BY_ID = new Map(ALL.map((setting) => [setting._id, setting]));

/** The setting as the given release registers it (attributes changed up to that release applied), or undefined. */
export function registeredSetting(id: string, version: string): RegisteredSetting | undefined {
	const setting = BY_ID.get(id);
	if (!setting) return undefined;
	if (setting.since && compareVersions(version, setting.since) < 0) return undefined;
	if (setting.until && compareVersions(version, setting.until) >= 0) return undefined;
	const applied = (setting.changes ?? []).filter((change) => compareVersions(version, change.from) >= 0);
	return Object.assign({}, setting, ...applied.map((change) => change.set)) as RegisteredSetting;
}

/** Every setting the release registers. */
export function registeredSettings(version: string): RegisteredSetting[] {
	return ALL.map((setting) => registeredSetting(setting._id, version)).filter((setting): setting is RegisteredSetting => setting !== undefined);
}

/** The package default of a registered setting, whatever the release (undefined when not in the registry). */
export function packageDefault(id: string): unknown {
	return BY_ID.get(id)?.packageValue;
}

/** The document Rocket.Chat's registry inserts for a setting (value = packageValue), as stored in rocketchat_settings. */
export function registryDocument(setting: RegisteredSetting): Record<string, unknown> {
	const { since: _since, until: _until, changes: _changes, source: _source, ...fields } = setting;
	return { ...fields, value: setting.packageValue, public: setting.public ?? false, hidden: setting.hidden ?? false, blocked: false, sorter: 0 };
}
