/**
 * `rocketchat_settings`: the settings the Info page, the statistics, the license and federation code
 * read, each shaped like Rocket.Chat's ISetting. `value` differs from `packageValue` where an admin
 * changed it (the statistics report some of those differences).
 */
import type { SeedContext } from './context.js';
import { DAY } from './context.js';
import { rngFor } from './random.js';

type SettingType = 'boolean' | 'string' | 'int' | 'select' | 'asset' | 'code' | 'action';

interface SettingDef {
  id: string;
  type: SettingType;
  packageValue: unknown;
  /** The stored value when an admin changed it; the package value otherwise. */
  value?: unknown;
  group: string;
  section?: string;
  public?: boolean;
  hidden?: boolean;
  extra?: Record<string, unknown>;
}

const COUNTERS = [
  ['Engagement_Dashboard_Load_Count', 4],
  ['Message_Auditing_Apply_Count', 0],
  ['Message_Auditing_Panel_Load_Count', 1],
  ['Jitsi_Click_To_Join_Count', 2],
  ['Jitsi_Start_SlashCommands_Count', 1],
  ['OTR_Count', 3],
  ['Triggered_Emails_Count', 12],
  ['Invitation_Email_Count', 5],
  ['Manual_Entry_User_Count', 7],
  ['WebRTC_Calls_Count', 0],
  ['Uncaught_Exceptions_Count', 2],
  ['CSV_Importer_Count', 0],
  ['Hipchat_Enterprise_Importer_Count', 0],
  ['Slack_Importer_Count', 14],
  ['Slack_Users_Importer_Count', 0],
  ['Merged_Contacts_Count', 1],
  ['Resolved_Conflicts_Count', 0],
  ['Contacts_Importer_Count', 0],
  ['Advanced_Contact_Upsell_Views_Count', 3],
  ['Advanced_Contact_Upsell_Clicks_Count', 1],
] as const;

function definitions(ctx: SeedContext): SettingDef[] {
  const rng = rngFor(ctx.seed, 'settings');
  const host = new URL(ctx.siteUrl).hostname;
  const fakeKey = `-----BEGIN PUBLIC KEY-----\n${Buffer.from(rng.hex(96), 'hex').toString('base64')}\n-----END PUBLIC KEY-----\n`;
  const script = '//Add your script';
  return [
    { id: 'uniqueID', type: 'string', packageValue: rng.uuid(), group: 'General', public: true, hidden: true },
    { id: 'Site_Url', type: 'string', packageValue: 'http://localhost:3000', value: ctx.siteUrl, group: 'General', public: true },
    { id: 'Site_Name', type: 'string', packageValue: 'Rocket.Chat', value: 'Example Chat', group: 'General', public: true },
    { id: 'Show_Setup_Wizard', type: 'select', packageValue: 'pending', value: 'completed', group: 'General', public: true },
    { id: 'Initial_Channel_Created', type: 'boolean', packageValue: false, value: true, group: 'General', hidden: true },
    { id: 'Organization_Type', type: 'select', packageValue: '', value: 'enterprise', group: 'Setup_Wizard', section: 'Organization_Info' },
    { id: 'Industry', type: 'select', packageValue: '', value: 'technologyServices', group: 'Setup_Wizard', section: 'Organization_Info' },
    { id: 'Size', type: 'select', packageValue: '', value: '3', group: 'Setup_Wizard', section: 'Organization_Info' },
    { id: 'Country', type: 'select', packageValue: '', value: 'worldwide', group: 'Setup_Wizard', section: 'Organization_Info' },
    { id: 'Language', type: 'select', packageValue: '', value: 'en', group: 'Setup_Wizard', section: 'Organization_Info', public: true },
    { id: 'Server_Type', type: 'select', packageValue: '', value: 'privateTeam', group: 'Setup_Wizard', section: 'Organization_Info' },
    { id: 'Register_Server', type: 'boolean', packageValue: false, group: 'Setup_Wizard', section: 'Organization_Info' },
    { id: 'Deployment_FingerPrint_Hash', type: 'string', packageValue: '', value: rng.hex(64), group: 'General', hidden: true },
    { id: 'Deployment_FingerPrint_Verified', type: 'boolean', packageValue: false, value: true, group: 'General', hidden: true },
    { id: 'Cloud_Workspace_Id', type: 'string', packageValue: '', value: rng.hex(24), group: 'Cloud', section: 'Configuration', hidden: true },
    { id: 'Cloud_Workspace_AirGapped_Restrictions_Remaining_Days', type: 'int', packageValue: -1, group: 'Cloud', hidden: true },
    {
      id: 'Enterprise_License',
      type: 'string',
      packageValue: '',
      value: ctx.license ?? '',
      group: 'Enterprise',
      section: 'License',
      extra: { secret: true, i18nLabel: 'Enterprise_License' },
    },
    {
      id: 'Enterprise_License_Status',
      type: 'string',
      packageValue: '',
      // Rocket.Chat writes 'Valid' once it accepted a license; a workspace that never had one keeps the empty default.
      value: ctx.license ? 'Valid' : '',
      group: 'Enterprise',
      section: 'License',
      extra: { readonly: true },
    },
    { id: 'FEDERATION_Enabled', type: 'boolean', packageValue: false, value: true, group: 'Federation', section: 'Rocket.Chat Federation', public: true },
    { id: 'FEDERATION_Status', type: 'string', packageValue: '-', value: 'Enabled', group: 'Federation', section: 'Rocket.Chat Federation', extra: { readonly: true } },
    { id: 'FEDERATION_Domain', type: 'string', packageValue: '', value: host, group: 'Federation', section: 'Rocket.Chat Federation', public: true },
    { id: 'FEDERATION_Public_Key', type: 'string', packageValue: '', value: fakeKey, group: 'Federation', section: 'Rocket.Chat Federation', extra: { readonly: true, multiline: true } },
    { id: 'FEDERATION_Hub_URL', type: 'string', packageValue: 'https://hub.rocket.chat', group: 'Federation', section: 'Rocket.Chat Federation', public: true },
    { id: 'FEDERATION_Discovery_Method', type: 'select', packageValue: 'dns', group: 'Federation', section: 'Rocket.Chat Federation', public: true },
    // Added by the federation cron as `settingsRegistry.add(id, value)` with no options, so not hidden
    // (apps/meteor/server/cron/federation.ts, apps/meteor/app/settings/server/functions/getSettingDefaults.ts).
    { id: 'FEDERATION_Healthy', type: 'boolean', packageValue: false, value: true, group: 'Federation' },
    { id: 'FEDERATION_Populated', type: 'boolean', packageValue: false, value: true, group: 'Federation' },
    { id: 'FEDERATION_ResolvedSRV', type: 'string', packageValue: '{}', group: 'Federation' },
    { id: 'Federation_Matrix_enabled', type: 'boolean', packageValue: false, value: true, group: 'Federation', section: 'Matrix Bridge', public: true },
    { id: 'Federation_Matrix_id', type: 'string', packageValue: `rocketchat_${rng.hex(16)}`, group: 'Federation', section: 'Matrix Bridge', extra: { readonly: true } },
    { id: 'Federation_Matrix_homeserver_url', type: 'string', packageValue: 'http://localhost:8008', group: 'Federation', section: 'Matrix Bridge' },
    { id: 'Federation_Matrix_homeserver_domain', type: 'string', packageValue: 'local.rocket.chat', value: host, group: 'Federation', section: 'Matrix Bridge' },
    { id: 'Federation_Matrix_bridge_url', type: 'string', packageValue: 'http://localhost:3300', group: 'Federation', section: 'Matrix Bridge' },
    { id: 'Federation_Matrix_bridge_localpart', type: 'string', packageValue: 'rocket.cat', group: 'Federation', section: 'Matrix Bridge' },
    { id: 'Federation_Matrix_max_size_of_public_rooms_users', type: 'int', packageValue: 100, group: 'Federation', section: 'Matrix Bridge' },
    // Stored visible, as the bridge's adapter registers it up to 7.10; from 7.11 Rocket.Chat's registry rewrites it
    // hidden at start (services/federation/Settings.ts), as the emulator's does (test/emulator/settings-registry.ts).
    { id: 'Federation_Matrix_configuration_status', type: 'string', packageValue: 'Invalid', value: 'Valid', group: 'Federation', section: 'Matrix Bridge' },
    { id: 'Federation_Service_Enabled', type: 'boolean', packageValue: false, group: 'Federation', section: 'Native Federation', public: true },
    // Left at Rocket.Chat's default (off, apps/meteor/server/settings/message.ts), as on a stock workspace.
    { id: 'Message_AllowUnrecognizedSlashCommand', type: 'boolean', packageValue: false, group: 'Message', public: true },
    { id: 'Message_AllowEditing', type: 'boolean', packageValue: true, group: 'Message', public: true },
    { id: 'Message_AllowDeleting', type: 'boolean', packageValue: true, group: 'Message', public: true },
    { id: 'Message_AllowBadWordsFilter', type: 'boolean', packageValue: false, group: 'Message', section: 'Message_BadWordsFilter', public: true },
    { id: 'Message_Read_Receipt_Enabled', type: 'boolean', packageValue: false, group: 'Message', section: 'Read_Receipts', public: true, extra: { enterprise: true, invalidValue: false } },
    { id: 'Message_Read_Receipt_Store_Users', type: 'boolean', packageValue: false, group: 'Message', section: 'Read_Receipts', public: true, extra: { enterprise: true, invalidValue: false } },
    { id: 'Message_KeepHistory', type: 'boolean', packageValue: false, value: true, group: 'Message', public: true },
    { id: 'Message_ShowDeletedStatus', type: 'boolean', packageValue: false, value: true, group: 'Message', public: true },
    { id: 'Threads_enabled', type: 'boolean', packageValue: true, group: 'Threads', public: true },
    { id: 'FileUpload_Enabled', type: 'boolean', packageValue: true, group: 'FileUpload', public: true },
    { id: 'FileUpload_Storage_Type', type: 'select', packageValue: 'GridFS', group: 'FileUpload', public: true },
    { id: 'FileUpload_MaxFileSize', type: 'int', packageValue: 104857600, group: 'FileUpload', public: true },
    { id: 'Push_enable', type: 'boolean', packageValue: true, group: 'Push', public: true },
    { id: 'Push_enable_gateway', type: 'boolean', packageValue: true, group: 'Push' },
    { id: 'Push_gateway', type: 'string', packageValue: 'https://gateway.rocket.chat', group: 'Push' },
    { id: 'Push_request_content_from_server', type: 'boolean', packageValue: true, group: 'Push', section: 'Privacy', extra: { enterprise: true, invalidValue: false } },
    { id: 'Livechat_enabled', type: 'boolean', packageValue: false, value: true, group: 'Omnichannel', public: true },
    { id: 'Livechat_Routing_Method', type: 'select', packageValue: 'Auto_Selection', group: 'Omnichannel', section: 'Routing' },
    { id: 'Livechat_auto_transfer_chat_timeout', type: 'int', packageValue: 0, group: 'Omnichannel', section: 'Sessions' },
    { id: 'Livechat_allow_manual_on_hold', type: 'boolean', packageValue: false, value: true, group: 'Omnichannel', section: 'Sessions', extra: { enterprise: true, invalidValue: false } },
    { id: 'Livechat_enable_business_hours', type: 'boolean', packageValue: false, value: true, group: 'Omnichannel', section: 'Business_Hours' },
    { id: 'Livechat_last_chatted_agent_routing', type: 'boolean', packageValue: false, group: 'Omnichannel', section: 'Routing', extra: { enterprise: true, invalidValue: false } },
    { id: 'Livechat_abandoned_rooms_action', type: 'select', packageValue: 'none', group: 'Omnichannel', section: 'Sessions' },
    { id: 'Omnichannel_contact_manager_routing', type: 'boolean', packageValue: true, group: 'Omnichannel', section: 'Routing', extra: { enterprise: true, invalidValue: false } },
    { id: 'Omnichannel_enable_department_removal', type: 'boolean', packageValue: false, group: 'Omnichannel' },
    { id: 'Omnichannel_call_provider', type: 'select', packageValue: 'none', group: 'Omnichannel', section: 'Video_and_Audio_Call' },
    { id: 'Canned_Responses_Enable', type: 'boolean', packageValue: true, group: 'Omnichannel', section: 'Canned_Responses', extra: { enterprise: true, invalidValue: false } },
    { id: 'VoIP_Enabled', type: 'boolean', packageValue: false, value: true, group: 'Call_Center', public: true },
    { id: 'Accounts_TwoFactorAuthentication_Enabled', type: 'boolean', packageValue: true, group: 'Accounts', section: 'Two Factor Authentication', public: true },
    { id: 'Accounts_ManuallyApproveNewUsers', type: 'boolean', packageValue: false, group: 'Accounts', section: 'Registration', public: true },
    { id: 'E2E_Enable', type: 'boolean', packageValue: false, value: true, group: 'E2E Encryption', public: true },
    { id: 'E2E_Enabled_Default_DirectRooms', type: 'boolean', packageValue: false, group: 'E2E Encryption', public: true },
    { id: 'E2E_Enabled_Default_PrivateRooms', type: 'boolean', packageValue: false, group: 'E2E Encryption', public: true },
    { id: 'SMTP_Host', type: 'string', packageValue: '', value: 'smtp.example.com', group: 'Email', section: 'SMTP' },
    { id: 'SMTP_Port', type: 'int', packageValue: '', value: 587, group: 'Email', section: 'SMTP' },
    { id: 'From_Email', type: 'string', packageValue: '', value: 'no-reply@example.com', group: 'Email', section: 'SMTP', public: true },
    { id: 'NPS_survey_enabled', type: 'boolean', packageValue: true, group: 'General', section: 'NPS', hidden: true },
    { id: 'Update_EnableChecker', type: 'boolean', packageValue: true, group: 'General', section: 'Update' },
    { id: 'Livestream_enabled', type: 'boolean', packageValue: false, group: 'LiveStream & Broadcasting', public: true },
    { id: 'Broadcasting_enabled', type: 'boolean', packageValue: false, group: 'LiveStream & Broadcasting', public: true },
    { id: 'Search.defaultProvider.GlobalSearchEnabled', type: 'boolean', packageValue: false, group: 'Search', section: 'Search.Provider', public: true },
    { id: 'WebRTC_Enabled', type: 'boolean', packageValue: false, group: 'WebRTC', public: true },
    { id: 'WebRTC_Enable_Channel', type: 'boolean', packageValue: false, group: 'WebRTC', public: true },
    { id: 'WebRTC_Enable_Private', type: 'boolean', packageValue: false, group: 'WebRTC', public: true },
    { id: 'WebRTC_Enable_Direct', type: 'boolean', packageValue: false, value: true, group: 'WebRTC', public: true },
    { id: 'VideoConf_Default_Provider', type: 'select', packageValue: '', value: 'jitsi', group: 'Video_Conference', public: true },
    { id: 'VideoConf_Enable_DMs', type: 'boolean', packageValue: true, group: 'Video_Conference', public: true },
    { id: 'VideoConf_Enable_Channels', type: 'boolean', packageValue: true, group: 'Video_Conference', public: true },
    { id: 'VideoConf_Enable_Groups', type: 'boolean', packageValue: true, group: 'Video_Conference', public: true },
    { id: 'VideoConf_Enable_Teams', type: 'boolean', packageValue: true, group: 'Video_Conference', public: true },
    { id: 'ABAC_Enabled', type: 'boolean', packageValue: false, group: 'ABAC', extra: { enterprise: true, invalidValue: false } },
    { id: 'Statistics_reporting', type: 'boolean', packageValue: true, group: 'General', section: 'Reporting' },
    { id: 'Troubleshoot_Disable_Statistics_Generator', type: 'boolean', packageValue: false, group: 'Troubleshoot' },
    { id: 'Layout_Show_Home_Button', type: 'boolean', packageValue: true, group: 'Layout', section: 'User_Interface', public: true },
    { id: 'Layout_Home_Title', type: 'string', packageValue: 'Home', value: 'Welcome to Example Chat', group: 'Layout', section: 'Content', public: true },
    { id: 'Layout_Home_Body', type: 'code', packageValue: '<p>Welcome to Rocket.Chat!</p>', group: 'Layout', section: 'Content', public: true },
    { id: 'theme-custom-css', type: 'code', packageValue: '', group: 'Layout', section: 'Custom CSS', public: true },
    { id: 'Custom_Script_On_Logout', type: 'code', packageValue: script, group: 'Layout', section: 'Custom Scripts', public: true },
    { id: 'Custom_Script_Logged_Out', type: 'code', packageValue: script, group: 'Layout', section: 'Custom Scripts', public: true },
    { id: 'Custom_Script_Logged_In', type: 'code', packageValue: script, value: `${script}\nconsole.log('hello');`, group: 'Layout', section: 'Custom Scripts', public: true },
    {
      id: 'Assets_logo',
      type: 'asset',
      packageValue: { defaultUrl: 'images/logo/logo.svg' },
      value: { url: 'assets/logo.png', defaultUrl: 'images/logo/logo.svg' },
      group: 'Assets',
      public: true,
      extra: { asset: 'logo', fileConstraints: { type: 'image', extensions: ['svg', 'png', 'jpg', 'jpeg'] } },
    },
    ...COUNTERS.map(([id, value]): SettingDef => ({ id, type: 'int', packageValue: 0, value, group: 'General', hidden: true })),
  ];
}

export function settingDocs(ctx: SeedContext): Record<string, unknown>[] {
  const installed = ctx.installedAt;
  return definitions(ctx).map((def, sorter) => {
    const changed = def.value !== undefined && def.value !== def.packageValue;
    const doc: Record<string, unknown> = {
      _id: def.id,
      type: def.type,
      value: def.value === undefined ? def.packageValue : def.value,
      packageValue: def.packageValue,
      public: def.public ?? false,
      blocked: false,
      hidden: def.hidden ?? false,
      env: false,
      group: def.group,
      i18nLabel: def.id,
      i18nDescription: `${def.id}_Description`,
      sorter,
      ts: installed,
      createdAt: installed,
      _updatedAt: changed ? new Date(installed.getTime() + DAY) : installed,
    };
    if (def.section) doc.section = def.section;
    Object.assign(doc, def.extra);
    return doc;
  });
}
