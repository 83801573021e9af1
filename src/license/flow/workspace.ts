/**
 * The workspace a license is judged against, read as Rocket.Chat holds it: Site_Url, the installed license
 * (`Enterprise_License`) and Rocket.Chat's own verdict (`Enterprise_License_Status`) from its database (read-only),
 * and the current use (active users and guests) from the statistics engine. The installed license's text stays
 * inside this module: only its fingerprint and verdict leave.
 */
import type { Db } from 'mongodb';
import type { StatsService } from '../../stats/service.js';
import type { LicenseVerdict } from '../types.js';
import { licenseFingerprint, verifyLicense } from '../verify.js';
import type { InstalledSide } from './compare.js';

/** Current use of what licenses limit; a count is absent when the statistics could not give it. */
export interface WorkspaceUsage {
  activeUsers?: number;
  activeGuests?: number;
  /** When the counts were computed. */
  asOf?: Date;
}

/** The license facts of the workspace at one moment. */
export interface WorkspaceView {
  siteUrl?: string;
  /** Rocket.Chat's `Enterprise_License_Status`: 'Valid', 'Invalid' or ''. */
  status: string;
  usage: WorkspaceUsage;
  installed?: InstalledSide;
  /** Judges a license text against this workspace (the same rules and counts as the installed one). */
  judge(text: string): Promise<LicenseVerdict>;
}

/** What Rocket.Chat has stored, as the read-back after `licenses.add` needs it. */
export interface StoredLicense {
  fingerprint: string | null;
  status: string;
}

/** The workspace's license facts. */
export interface WorkspaceLicenses {
  read(): Promise<WorkspaceView>;
  /** The stored license's fingerprint and status, read from the primary so a write just made is seen. */
  stored(): Promise<StoredLicense>;
}

interface SettingDoc {
  _id: string;
  value?: unknown;
}

const SETTINGS = ['Site_Url', 'Enterprise_License', 'Enterprise_License_Status'];

function stringValue(docs: SettingDoc[], id: string): string {
  const value = docs.find((d) => d._id === id)?.value;
  return typeof value === 'string' ? value : '';
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Reads the workspace through Rocket.Chat's database and the statistics service. */
export function workspaceLicenses(deps: { db: Db; stats: StatsService; publicKeyPem: string; now: () => Date }): WorkspaceLicenses {
  const settings = (primary: boolean) =>
    deps.db
      .collection<SettingDoc>('rocketchat_settings', primary ? { readPreference: 'primary' } : {})
      .find({ _id: { $in: SETTINGS } }, { projection: { value: 1 } })
      .toArray();

  async function usage(): Promise<WorkspaceUsage> {
    try {
      const snapshot = await deps.stats.get();
      const result: WorkspaceUsage = { asOf: snapshot.computedAt };
      const activeUsers = count(snapshot.statistics.activeUsers);
      const activeGuests = count(snapshot.statistics.activeGuests);
      if (activeUsers !== undefined) result.activeUsers = activeUsers;
      if (activeGuests !== undefined) result.activeGuests = activeGuests;
      return result;
    } catch {
      // Without counts the limits are shown but not checked; the card says the current use is unknown.
      return {};
    }
  }

  return {
    async read() {
      const [docs, use] = await Promise.all([settings(false), usage()]);
      const siteUrl = stringValue(docs, 'Site_Url') || undefined;
      const installedText = stringValue(docs, 'Enterprise_License').trim();
      const now = deps.now();
      const judge = (text: string) =>
        verifyLicense(text, { siteUrl, activeUsers: use.activeUsers, activeGuests: use.activeGuests, now, publicKeyPem: deps.publicKeyPem });
      const view: WorkspaceView = { status: stringValue(docs, 'Enterprise_License_Status'), usage: use, judge };
      if (siteUrl) view.siteUrl = siteUrl;
      if (installedText) view.installed = { fingerprint: licenseFingerprint(installedText), verdict: await judge(installedText) };
      return view;
    },
    async stored() {
      const docs = await settings(true);
      const text = stringValue(docs, 'Enterprise_License').trim();
      return { fingerprint: text ? licenseFingerprint(text) : null, status: stringValue(docs, 'Enterprise_License_Status') };
    },
  };
}
