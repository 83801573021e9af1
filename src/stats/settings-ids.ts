/** Every Rocket.Chat setting the engine reads, so one query fetches them all. */

/** Settings read by the statistics (IStats name → setting id) that are copied as they are. */
export const PLAIN_SETTING_FIELDS = {
  livechatEnabled: 'Livechat_enabled',
  isDepartmentRemovalEnabled: 'Omnichannel_enable_department_removal',
  onHoldEnabled: 'Livechat_allow_manual_on_hold',
  lastChattedAgentPreferred: 'Livechat_last_chatted_agent_routing',
  assignNewConversationsToContactManager: 'Omnichannel_contact_manager_routing',
  visitorAbandonment: 'Livechat_abandoned_rooms_action',
  voipEnabled: 'VoIP_Enabled',
  readReceiptsEnabled: 'Message_Read_Receipt_Enabled',
  readReceiptsDetailed: 'Message_Read_Receipt_Store_Users',
  dashboardCount: 'Engagement_Dashboard_Load_Count',
  messageAuditApply: 'Message_Auditing_Apply_Count',
  messageAuditLoad: 'Message_Auditing_Panel_Load_Count',
  joinJitsiButton: 'Jitsi_Click_To_Join_Count',
  slashCommandsJitsi: 'Jitsi_Start_SlashCommands_Count',
  totalTriggeredEmails: 'Triggered_Emails_Count',
  totalEmailInvitation: 'Invitation_Email_Count',
  showHomeButton: 'Layout_Show_Home_Button',
  totalManuallyAddedUsers: 'Manual_Entry_User_Count',
  totalWebRTCCalls: 'WebRTC_Calls_Count',
  uncaughtExceptionsCount: 'Uncaught_Exceptions_Count',
  totalOTR: 'OTR_Count',
  pushSecured: 'Push_request_content_from_server',
  webRTCEnabled: 'WebRTC_Enabled',
  deploymentFingerprintHash: 'Deployment_FingerPrint_Hash',
  deploymentFingerprintVerified: 'Deployment_FingerPrint_Verified',
  fileStoreType: 'FileUpload_Storage_Type',
} as const;

/** `<field>Changed` flags: the setting's value differs from its package default. */
export const CHANGED_SETTING_FIELDS = {
  homeTitleChanged: 'Layout_Home_Title',
  homeBodyChanged: 'Layout_Home_Body',
  customCSSChanged: 'theme-custom-css',
  onLogoutCustomScriptChanged: 'Custom_Script_On_Logout',
  loggedOutCustomScriptChanged: 'Custom_Script_Logged_Out',
  loggedInCustomScriptChanged: 'Custom_Script_Logged_In',
} as const;

/** The setup wizard answers (`wizard`), key → setting id. */
export const WIZARD_SETTINGS = {
  organizationType: 'Organization_Type',
  industry: 'Industry',
  size: 'Size',
  country: 'Country',
  language: 'Language',
  serverType: 'Server_Type',
  registerServer: 'Register_Server',
} as const;

/** `importer`: imported-user counters. */
export const IMPORTER_SETTINGS = {
  totalCSVImportedUsers: 'CSV_Importer_Count',
  totalHipchatEnterpriseImportedUsers: 'Hipchat_Enterprise_Importer_Count',
  totalSlackImportedUsers: 'Slack_Importer_Count',
  totalSlackUsersImportedUsers: 'Slack_Users_Importer_Count',
} as const;

/** `settings` (getSettingsStatistics): path in the object → setting id. */
export const SETTINGS_STATISTICS: readonly [string, string][] = [
  ['accounts.account2fa', 'Accounts_TwoFactorAuthentication_Enabled'],
  ['cannedResponses.cannedResponsesEnabled', 'Canned_Responses_Enable'],
  ['e2ee.e2e', 'E2E_Enable'],
  ['e2ee.e2eDefaultDirectRoom', 'E2E_Enabled_Default_DirectRooms'],
  ['e2ee.e2eDefaultPrivateRoom', 'E2E_Enabled_Default_PrivateRooms'],
  ['email.smtp.smtpHost', 'SMTP_Host'],
  ['email.smtp.smtpPort', 'SMTP_Port'],
  ['email.smtp.fromEmail', 'From_Email'],
  ['fileUpload.fileUploadEnable', 'FileUpload_Enabled'],
  ['general.nps.surveyEnabled', 'NPS_survey_enabled'],
  ['general.update.updateChecker', 'Update_EnableChecker'],
  ['liveStreamAndBroadcasting.liveStream', 'Livestream_enabled'],
  ['liveStreamAndBroadcasting.broadcasting', 'Broadcasting_enabled'],
  ['message.allowEditing', 'Message_AllowEditing'],
  ['message.allowDeleting', 'Message_AllowDeleting'],
  ['message.allowUnrecognizedSlashCommand', 'Message_AllowUnrecognizedSlashCommand'],
  ['message.allowBadWordsFilter', 'Message_AllowBadWordsFilter'],
  ['message.readReceiptEnabled', 'Message_Read_Receipt_Enabled'],
  ['message.readReceiptStoreUsers', 'Message_Read_Receipt_Store_Users'],
  ['push.pushEnable', 'Push_enable'],
  ['search.defaultProvider.globalSearchEnabled', 'Search.defaultProvider.GlobalSearchEnabled'],
  ['otr.otrEnable', 'OTR_Enable'],
  ['threads.threadsEnabled', 'Threads_enabled'],
  ['webRTC.webRTCEnableChannel', 'WebRTC_Enable_Channel'],
  ['webRTC.webRTCEnablePrivate', 'WebRTC_Enable_Private'],
  ['webRTC.webRTCEnableDirect', 'WebRTC_Enable_Direct'],
];

/** The settings the federation card reads (the federation modal's and the Matrix bridge's). */
const FEDERATION_SETTINGS = [
  'FEDERATION_Enabled',
  'FEDERATION_Healthy',
  'FEDERATION_Populated',
  'FEDERATION_Domain',
  'FEDERATION_Discovery_Method',
  'Federation_Matrix_enabled',
  'Federation_Matrix_max_size_of_public_rooms_users',
  'Federation_Matrix_homeserver_domain',
  'Federation_Matrix_configuration_status',
  'Federation_Service_Enabled',
  'Federation_Service_Domain',
] as const;

/** Settings read by the cards and by computed statistics fields. */
const OTHER_SETTINGS = [
  'uniqueID',
  'Site_Url',
  'Cloud_Workspace_Id',
  'Cloud_Workspace_Supported_Versions_Token',
  'Enterprise_License',
  'Enterprise_License_Status',
  ...FEDERATION_SETTINGS,
  'Livechat_auto_transfer_chat_timeout',
  'Livechat_Routing_Method',
  'Livechat_enable_business_hours',
  'Assets_logo',
  'Push_enable',
  'Push_enable_gateway',
  'Push_gateway',
  'Omnichannel_call_provider',
  'VideoConf_Default_Provider',
  'VideoConf_Enable_DMs',
  'VideoConf_Enable_Channels',
  'VideoConf_Enable_Groups',
  'VideoConf_Enable_Teams',
];

/** Every setting id the engine reads. */
export const ALL_SETTING_IDS: readonly string[] = [
  ...new Set([
    ...Object.values(PLAIN_SETTING_FIELDS),
    ...Object.values(CHANGED_SETTING_FIELDS),
    ...Object.values(WIZARD_SETTINGS),
    ...Object.values(IMPORTER_SETTINGS),
    ...SETTINGS_STATISTICS.map(([, id]) => id),
    ...OTHER_SETTINGS,
  ]),
];

/** The settings each Info section reads, so a section alone fetches only its own (the document reads them all). */
export const SECTION_SETTING_IDS = {
  // The license and Site_Url judge isEnterprise, which the multi-instance warnings depend on.
  deployment: ['uniqueID', 'Cloud_Workspace_Id', 'Enterprise_License', 'Site_Url'],
  license: ['Enterprise_License', 'Enterprise_License_Status', 'Site_Url'],
  usage: [],
  federation: FEDERATION_SETTINGS,
} as const satisfies Record<string, readonly string[]>;
