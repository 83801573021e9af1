/**
 * Rocket.Chat's permission ids, as a type: a command's `permission` must be one of them (or `none`), so a typo does not
 * compile. The list is the core permissions Rocket.Chat creates at start, from
 * apps/meteor/app/authorization/server/constant/permissions.ts (`permissions`, the `_id` of each entry; 174 ids).
 */
export const ROCKETCHAT_PERMISSIONS = [
  'access-permissions', 'access-marketplace', 'access-setting-permissions', 'add-oauth-service',
  'add-user-to-joined-room', 'add-user-to-any-c-room', 'add-user-to-any-p-room', 'kick-user-from-any-c-room',
  'kick-user-from-any-p-room', 'api-bypass-rate-limit', 'archive-room', 'assign-admin-role', 'assign-roles',
  'ban-user', 'bulk-register-user', 'change-livechat-room-visitor', 'create-c', 'create-d', 'create-p',
  'create-personal-access-tokens', 'create-user', 'clean-channel-history', 'delete-c', 'delete-d', 'delete-message',
  'delete-own-message', 'delete-p', 'delete-user', 'edit-message', 'edit-other-user-active-status',
  'edit-other-user-info', 'edit-other-user-password', 'edit-other-user-avatar', 'edit-other-user-e2ee',
  'edit-other-user-totp', 'edit-privileged-setting', 'edit-room', 'edit-room-avatar', 'edit-room-retention-policy',
  'force-delete-message', 'join-without-join-code', 'leave-c', 'leave-p', 'logout-other-user', 'manage-assets',
  'manage-email-inbox', 'manage-emoji', 'manage-user-status', 'manage-outgoing-integrations',
  'manage-incoming-integrations', 'manage-own-outgoing-integrations', 'manage-own-incoming-integrations',
  'manage-oauth-apps', 'manage-selected-settings', 'mention-all', 'mention-here', 'mute-user', 'remove-user',
  'run-import', 'run-migration', 'set-moderator', 'set-owner', 'send-many-messages', 'set-leader',
  'set-important-message-marker', 'start-discussion', 'start-discussion-other-user', 'unarchive-room', 'view-c-room',
  'user-generate-access-token', 'view-d-room', 'view-device-management', 'view-engagement-dashboard',
  'view-full-other-user-info', 'view-joined-room', 'view-join-code', 'view-logs', 'view-other-user-channels',
  'view-p-room', 'view-privileged-setting', 'view-room-administration', 'view-statistics', 'view-user-administration',
  'preview-c-room', 'view-outside-room', 'view-broadcast-member-list', 'call-management', 'create-invite-links',
  'view-l-room', 'create-livechat-contact', 'update-livechat-contact', 'view-livechat-contact',
  'delete-livechat-contact', 'view-livechat-contact-history', 'view-livechat-manager',
  'view-omnichannel-contact-center', 'edit-omnichannel-contact', 'view-livechat-rooms', 'close-livechat-room',
  'close-others-livechat-room', 'on-hold-livechat-room', 'on-hold-others-livechat-room',
  'save-others-livechat-room-info', 'remove-closed-livechat-rooms', 'view-livechat-analytics', 'view-livechat-queue',
  'transfer-livechat-guest', 'manage-livechat-managers', 'manage-livechat-agents', 'manage-livechat-departments',
  'view-livechat-departments', 'add-livechat-department-agents', 'view-livechat-real-time-monitoring',
  'view-livechat-triggers', 'view-livechat-customfields', 'view-livechat-installation', 'view-livechat-appearance',
  'view-livechat-webhooks', 'view-livechat-business-hours', 'view-livechat-room-closed-same-department',
  'view-livechat-room-closed-by-another-agent', 'view-livechat-room-customfields', 'edit-livechat-room-customfields',
  'send-omnichannel-chat-transcript', 'mail-messages', 'toggle-room-e2e-encryption', 'message-impersonate',
  'create-team', 'delete-team', 'convert-team', 'edit-team', 'add-team-member', 'edit-team-member',
  'move-room-to-team', 'create-team-channel', 'create-team-group', 'delete-team-channel', 'delete-team-group',
  'edit-team-channel', 'remove-team-channel', 'view-all-team-channels', 'view-all-teams',
  'remove-closed-livechat-room', 'remove-livechat-department', 'allow-internal-voice-calls',
  'allow-external-voice-calls', 'manage-apps', 'post-readonly', 'set-readonly', 'set-react-when-readonly',
  'manage-cloud', 'manage-sounds', 'access-mailer', 'pin-message', 'mobile-upload-file', 'send-mail',
  'view-federation-data', 'access-federation', 'add-all-to-room', 'get-server-info', 'register-on-cloud',
  'test-admin-options', 'test-push-notifications', 'sync-auth-services-users', 'restart-server',
  'remove-slackbridge-links', 'view-import-operations', 'clear-oembed-cache', 'videoconf-ring-users',
  'view-moderation-console', 'manage-moderation-actions', 'bypass-time-limit-edit-and-delete',
  'export-messages-as-pdf', 'mark-message-as-important',
] as const;

/** One of Rocket.Chat's permission ids. */
export type RocketChatPermission = (typeof ROCKETCHAT_PERMISSIONS)[number];

/** What a command requires of its sender: a Rocket.Chat permission, or explicitly nothing. */
export type CommandPermission = RocketChatPermission | 'none';
