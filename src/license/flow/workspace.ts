/**
 * The workspace a license is judged against, read as Rocket.Chat holds it: Site_Url, the installed license
 * (`Enterprise_License`) and Rocket.Chat's own verdict (`Enterprise_License_Status`) from its settings (its database
 * read-only, or REST in REST-only mode: src/rc/settings.ts), the current use (active users and guests) from the
 * statistics service, and the other limit counters from `counters` (license/counters.ts or rest-counters.ts). The
 * installed license's text stays inside this module: only its fingerprint and verdict leave.
 */
import type { SettingsReader } from '../../rc/settings.js';
import type { StatsService } from '../../stats/service.js';
import { NEWEST_KNOWN_VERSION } from '../../stats/version.js';
import type { CountersSource, LicenseCounters } from '../counters.js';
import type { LicenseVerdict } from '../types.js';
import { licenseFingerprint, verifyLicense } from '../verify.js';
import type { InstalledSide } from './compare.js';

/** Current use of what licenses limit; a count is absent when the statistics could not give it. */
export interface WorkspaceUsage {
  activeUsers?: number;
  activeGuests?: number;
  /** Every counter Rocket.Chat judges limits on (license/counters.ts). */
  counters: LicenseCounters;
  /** The Rocket.Chat version whose rules apply (from the statistics), when known. */
  rcVersion?: string;
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
  /** Judges a license text as one being applied (prevent_installation counts), with the same counts as the installed one. */
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

const SETTINGS = ['Site_Url', 'Enterprise_License', 'Enterprise_License_Status'];
const NEWEST_KNOWN_MAJOR = Number(NEWEST_KNOWN_VERSION.split('.')[0]);
function stringValue(values: ReadonlyMap<string, unknown>, id: string): string {
  const value = values.get(id);
  return typeof value === 'string' ? value : '';
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Reads the workspace through Rocket.Chat's settings, the statistics service and the counters. */
export function workspaceLicenses(deps: { settings: SettingsReader; counters: CountersSource; stats: StatsService; publicKeyPem: string; now: () => Date }): WorkspaceLicenses {
  const settings = (fresh: boolean) => deps.settings.read(SETTINGS, { fresh });

  async function usage(now: Date): Promise<WorkspaceUsage> {
    const result: WorkspaceUsage = { counters: {} };
    try {
      const { license, computedAt, semantics } = await deps.stats.get(['license']);
      result.asOf = computedAt;
      const activeUsers = count(license.activeUsers.value);
      const activeGuests = count(license.activeGuests.value);
      if (activeUsers !== undefined) result.activeUsers = activeUsers;
      if (activeGuests !== undefined) result.activeGuests = activeGuests;
      // The version the statistics follow, unless nothing said it (then the newest known rules apply below).
      if (semantics.versionSource !== 'assumed') result.rcVersion = semantics.version.text;
    } catch {
      // Without the statistics the user limits are shown but not checked; the card says the current use is unknown.
    }
    const major = Number(/^v?(\d+)\./.exec(result.rcVersion ?? '')?.[1] ?? NEWEST_KNOWN_MAJOR);
    result.counters = await deps.counters({ rcMajor: major, now, users: result });
    return result;
  }

  return {
    async read() {
      const now = deps.now();
      const [docs, use] = await Promise.all([settings(false), usage(now)]);
      const siteUrl = stringValue(docs, 'Site_Url') || undefined;
      const installedText = stringValue(docs, 'Enterprise_License').trim();
      const context = { siteUrl, counters: use.counters, now, publicKeyPem: deps.publicKeyPem, rcVersion: use.rcVersion };
      // A license sent to be applied counts prevent_installation rules, as licenses.add's isNewLicense does; the
      // installed one is judged as Rocket.Chat's startup does (ee/app/license/server/startup.ts applyLicense(…, false)).
      const judge = (text: string) => verifyLicense(text, { ...context, isNewLicense: true });
      const view: WorkspaceView = { status: stringValue(docs, 'Enterprise_License_Status'), usage: use, judge };
      if (siteUrl) view.siteUrl = siteUrl;
      if (installedText) {
        view.installed = { fingerprint: licenseFingerprint(installedText), verdict: await verifyLicense(installedText, { ...context, isNewLicense: false }) };
      }
      return view;
    },
    async stored() {
      const docs = await settings(true);
      const text = stringValue(docs, 'Enterprise_License').trim();
      return { fingerprint: text ? licenseFingerprint(text) : null, status: stringValue(docs, 'Enterprise_License_Status') };
    },
  };
}
