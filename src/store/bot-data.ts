/**
 * Everything the bot keeps of its own, as the features' persistence ports: its MongoDB database (INFOBOT_MONGO_URL,
 * or beside MONGO_URL's) or, in REST-only mode without one, the embedded file store under INFOBOT_DATA_DIR. Features
 * are written against the ports and behave alike over both; only this module knows which is which.
 */
import { fileAlertState } from '../alerts/file-state.js';
import { ALERT_STATE_COLLECTION, type AlertState, openAlertState } from '../alerts/state.js';
import { filePendingRequests } from '../confirm/file-requests.js';
import type { CodeOptions } from '../confirm/requests.js';
import { fileHistory } from '../history/file-history.js';
import { HISTORY_COLLECTION, type History, openHistory } from '../history/snapshots.js';
import { type AuditEntry, type LicenseAudit, openLicenseAudit } from '../license/flow/audit.js';
import { LICENSE_REQUESTS, type LicenseRequest, type LicenseRequests, openLicenseRequests } from '../license/flow/requests.js';
import { fileDailyRecords } from '../schedule/file-daily-records.js';
import { DAILY_POSTS_COLLECTION, dailyPostsOver, type DailyPosts, mongoDailyRecords } from '../schedule/daily-posts.js';
import { openSettingAudit, type SettingAudit, type SettingAuditEntry } from '../setting-change/audit.js';
import { CHANGE_REQUESTS, CHANGE_SUPERSEDES, type ChangeRequest, type ChangeRequests, openChangeRequests } from '../setting-change/requests.js';
import type { Claims } from './claims.js';
import type { FileStore } from './file-store.js';
import type { Store } from './store.js';

/** The bot's own data, by feature. */
export interface BotData {
  /** `database` (several replicas may share it) or `file` (one replica). */
  kind: 'database' | 'file';
  claims: Claims;
  /** This process's name in claims and records. */
  owner: string;
  /** The bot's own daily snapshots (without Rocket.Chat's past: history/backfilled.ts adds it). */
  history: History;
  dailyPosts: DailyPosts;
  alertState: AlertState;
  licenseRequests(options: CodeOptions): LicenseRequests;
  licenseAudit: LicenseAudit;
  changeRequests(options: CodeOptions): ChangeRequests;
  settingAudit: SettingAudit;
}

declare module '../dispatch/services.js' {
  interface BotServices {
    /** The bot's own data (its database or the data file). */
    data: BotData;
  }
}

/** The bot's own data in its MongoDB database. */
export function databaseData(store: Store): BotData {
  const { db, claims, owner } = store;
  return {
    kind: 'database',
    claims,
    owner,
    history: openHistory(db),
    dailyPosts: dailyPostsOver(mongoDailyRecords(db), claims, owner),
    alertState: openAlertState(db),
    licenseRequests: (options) => openLicenseRequests(db, claims, options),
    licenseAudit: openLicenseAudit(db),
    changeRequests: (options) => openChangeRequests(db, claims, options),
    settingAudit: openSettingAudit(db),
  };
}

/** The collections the file store keeps for the features (read at start, so a broken file stops it in one line). */
const FILE_COLLECTIONS = [HISTORY_COLLECTION, DAILY_POSTS_COLLECTION, ALERT_STATE_COLLECTION, LICENSE_REQUESTS.collection, CHANGE_REQUESTS.collection];

/** The bot's own data in the embedded file store. */
export async function fileData(file: FileStore): Promise<BotData> {
  await Promise.all(FILE_COLLECTIONS.map((name) => file.collection(name).read(() => undefined)));
  const { claims, owner } = file;
  return {
    kind: 'file',
    claims,
    owner,
    history: fileHistory(file),
    dailyPosts: dailyPostsOver(fileDailyRecords(file), claims, owner),
    alertState: fileAlertState(file),
    licenseRequests: (options) => filePendingRequests<LicenseRequest>(file, { collection: LICENSE_REQUESTS.collection, ...options }),
    licenseAudit: file.audit<AuditEntry>('license_audit'),
    changeRequests: (options) => filePendingRequests<ChangeRequest>(file, { collection: CHANGE_REQUESTS.collection, supersedes: CHANGE_SUPERSEDES, ...options }),
    settingAudit: file.audit<SettingAuditEntry>('setting_audit'),
  };
}
