/** getSettingsStatistics and getImporterStatistics: statistics built from settings. */
import type { StatsContext } from './context.js';

// [alias, setting id]; OTR_Enable only before 8.x, where OTR was removed.
const SETTINGS: readonly [string, string][] = [
  ['account2fa', 'Accounts_TwoFactorAuthentication_Enabled'],
  ['e2e', 'E2E_Enable'],
  ['e2eDefaultDirectRoom', 'E2E_Enabled_Default_DirectRooms'],
  ['e2eDefaultPrivateRoom', 'E2E_Enabled_Default_PrivateRooms'],
  ['smtpHost', 'SMTP_Host'],
  ['smtpPort', 'SMTP_Port'],
  ['fromEmail', 'From_Email'],
  ['fileUploadEnable', 'FileUpload_Enabled'],
  ['surveyEnabled', 'NPS_survey_enabled'],
  ['updateChecker', 'Update_EnableChecker'],
  ['liveStream', 'Livestream_enabled'],
  ['broadcasting', 'Broadcasting_enabled'],
  ['allowEditing', 'Message_AllowEditing'],
  ['allowDeleting', 'Message_AllowDeleting'],
  ['allowUnrecognizedSlashCommand', 'Message_AllowUnrecognizedSlashCommand'],
  ['allowBadWordsFilter', 'Message_AllowBadWordsFilter'],
  ['readReceiptEnabled', 'Message_Read_Receipt_Enabled'],
  ['readReceiptStoreUsers', 'Message_Read_Receipt_Store_Users'],
  ['globalSearchEnabled', 'Search.defaultProvider.GlobalSearchEnabled'],
  ['otrEnable', 'OTR_Enable'],
  ['pushEnable', 'Push_enable'],
  ['threadsEnabled', 'Threads_enabled'],
  ['webRTCEnableChannel', 'WebRTC_Enable_Channel'],
  ['webRTCEnablePrivate', 'WebRTC_Enable_Private'],
  ['webRTCEnableDirect', 'WebRTC_Enable_Direct'],
  ['cannedResponsesEnabled', 'Canned_Responses_Enable'],
];

/** statistics.settings: one query by ids (Settings.findByIds); settings that do not exist are left out. */
export async function settingsStatistics(ctx: StatsContext): Promise<Record<string, unknown>> {
  const wanted = SETTINGS.filter(([alias]) => !(ctx.semantics.v8 && alias === 'otrEnable'));
  const docs = await ctx.db
    .collection<{ _id: string; value?: unknown }>('rocketchat_settings')
    .find({ _id: { $in: wanted.map(([, id]) => id) } })
    .toArray();
  const v: Record<string, unknown> = {};
  for (const doc of docs) {
    const alias = wanted.find(([, id]) => id === doc._id)?.[0];
    if (alias) v[alias] = doc.value;
  }
  return {
    accounts: { account2fa: v.account2fa },
    ...(v.cannedResponsesEnabled !== undefined && { cannedResponses: { cannedResponsesEnabled: v.cannedResponsesEnabled } }),
    e2ee: { e2e: v.e2e, e2eDefaultDirectRoom: v.e2eDefaultDirectRoom, e2eDefaultPrivateRoom: v.e2eDefaultPrivateRoom },
    email: { smtp: { smtpHost: v.smtpHost, smtpPort: v.smtpPort, fromEmail: v.fromEmail } },
    fileUpload: { fileUploadEnable: v.fileUploadEnable },
    general: {
      apps: { frameworkDevMode: v.frameworkDevMode, frameworkEnable: v.frameworkEnable },
      nps: { surveyEnabled: v.surveyEnabled },
      update: { updateChecker: v.updateChecker },
    },
    liveStreamAndBroadcasting: { liveStream: v.liveStream, broadcasting: v.broadcasting },
    message: {
      allowEditing: v.allowEditing,
      allowDeleting: v.allowDeleting,
      allowUnrecognizedSlashCommand: v.allowUnrecognizedSlashCommand,
      allowBadWordsFilter: v.allowBadWordsFilter,
      readReceiptEnabled: v.readReceiptEnabled,
      readReceiptStoreUsers: v.readReceiptStoreUsers,
    },
    ...(!ctx.semantics.v8 && { otr: { otrEnable: v.otrEnable } }),
    push: { pushEnable: v.pushEnable },
    search: { defaultProvider: { globalSearchEnabled: v.globalSearchEnabled } },
    threads: { threadsEnabled: v.threadsEnabled },
    webRTC: { webRTCEnableChannel: v.webRTCEnableChannel, webRTCEnablePrivate: v.webRTCEnablePrivate, webRTCEnableDirect: v.webRTCEnableDirect },
  };
}

/** statistics.importer: counters kept in settings. */
export function importerStatistics(ctx: StatsContext): Record<string, unknown> {
  const s = ctx.settings;
  return {
    totalCSVImportedUsers: s.get('CSV_Importer_Count'),
    totalHipchatEnterpriseImportedUsers: s.get('Hipchat_Enterprise_Importer_Count'),
    totalSlackImportedUsers: s.get('Slack_Importer_Count'),
    totalSlackUsersImportedUsers: s.get('Slack_Users_Importer_Count'),
  };
}
