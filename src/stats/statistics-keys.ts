/**
 * Which top-level keys Rocket.Chat's statistics document has, per version: what its collector
 * (apps/meteor/app/statistics/server/lib/statistics.ts and getEEStatistics.ts) sets in that release. statistics.json
 * carries these keys and no others (plus the REST body's `success`), so the bot's superset document is cut to the
 * workspace's version here.
 */
import type { Semantics } from './version.js';

/** Never set by Rocket.Chat's collector, in any release (statistics.ts @00e16d1a has none of them). */
const NEVER_SET = ['roomsInsideTeams', 'federationOverviewData', 'totalLivechatRoomsWithPriority'];

/** Added after 6.3 (6.4.0: deployment fingerprint, omnichannel MAC statistics, peak connections, push settings). */
const SINCE_6_4 = [
  'deploymentFingerprintHash',
  'deploymentFingerprintVerified',
  'totalLivechatPublicCustomFields',
  'livechatAutomaticForwardingUnansweredChats',
  'totalLivechatRoomsWithDepartment',
  'omnichannelContactsBySource',
  'uniqueContactsOfLastMonth',
  'uniqueContactsOfLastWeek',
  'uniqueContactsOfYesterday',
  'pushSecured',
  'dailyPeakConnections',
  'maxMonthlyPeakConnections',
];

/** Removed in 8.0 with the legacy federation, VoIP, OTR and WebRTC (rocketchat-info.md §1.3; 8.x statistics.ts). */
const UNTIL_8 = [
  'federatedServers',
  'federatedUsers',
  'voipEnabled',
  'voipCalls',
  'voipExtensions',
  'voipSuccessfulCalls',
  'voipErrorCalls',
  'voipOnHoldCalls',
  'webRTCEnabled',
  'webRTCEnabledForOmnichannel',
  'omnichannelWebRTCCalls',
];

/** 8.x additions that are always set. */
const SINCE_8 = ['fileStoreType'];

/** Set only in some workspaces: abac* with the abac module (8.x), the Cloud token and FIPS flag when present. */
const CONDITIONAL = ['statsToken', 'allowUnsafeQueryAndFieldsApiParamsEnabled', 'abacEnabled', 'abacTotalAttributes', 'abacTotalAttributeValues', 'abacRoomsEnrolled', 'fips'];

function atLeast(semantics: Semantics, major: number, minor: number): boolean {
  const { version } = semantics;
  return version.major > major || (version.major === major && version.minor >= minor);
}

/**
 * Decides for one key of the bot's document whether Rocket.Chat's document of this version has it:
 * 'always', 'never', or 'conditional' (kept only when a value is known).
 */
export function rcKeyPresence(key: string, semantics: Semantics): 'always' | 'never' | 'conditional' {
  if (NEVER_SET.includes(key)) return 'never';
  if (CONDITIONAL.includes(key)) return 'conditional';
  if (SINCE_6_4.includes(key)) return atLeast(semantics, 6, 4) ? 'always' : 'never';
  // apps/meteor/CHANGELOG.md 6.5.0 "c0ef13a0bf: Added `push` statistic".
  if (key === 'push') return atLeast(semantics, 6, 5) ? 'always' : 'never';
  // 6.5.0 splits discussion messages out (the Workspace page's "In discussions").
  if (key === 'totalDiscussionsMessages') return atLeast(semantics, 6, 5) ? 'always' : 'never';
  // packages/core-typings/CHANGELOG.md 7.2.0, #33895: Contact Identification statistics.
  if (key === 'contactVerification') return atLeast(semantics, 7, 2) ? 'always' : 'never';
  if (UNTIL_8.includes(key)) return atLeast(semantics, 8, 0) ? 'never' : 'always';
  if (SINCE_8.includes(key)) return atLeast(semantics, 8, 0) ? 'always' : 'never';
  return 'always';
}

/**
 * Keys Rocket.Chat's document always has for the version that the bot's document may lack: `totalOTRRooms`/`totalOTR`
 * (statistics.ts before the OTR counters left; taken as before 7.1, with the estimated totals) and 8.x's
 * `allowUnsafeQueryAndFieldsApiParamsEnabled` (read from the Rocket.Chat server's environment).
 */
export function rcRequiredKeys(semantics: Semantics): string[] {
  if (atLeast(semantics, 8, 0)) return ['allowUnsafeQueryAndFieldsApiParamsEnabled'];
  return atLeast(semantics, 7, 1) ? [] : ['totalOTRRooms', 'totalOTR'];
}
