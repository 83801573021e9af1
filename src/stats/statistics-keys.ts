/**
 * Which top-level keys Rocket.Chat's statistics document has, per version: what its collector
 * (apps/meteor/app/statistics/server/lib/statistics.ts and getEEStatistics.ts) sets in that release. statistics.json
 * carries these keys and no others (plus the REST body's `success`), so the bot's superset document is cut to the
 * workspace's version here.
 */
import type { Semantics } from './version.js';

/** Never set by Rocket.Chat's collector, in any release (statistics.ts @00e16d1a has none of them). */
const NEVER_SET = ['roomsInsideTeams', 'federationOverviewData', 'totalLivechatRoomsWithPriority'];

/**
 * Added in 6.4 as rocketchat-info.md §1.3 has it. No changelog entry or stored statistics.ts revision dates these four
 * (every stored revision with them also has 6.5's `push`), so 6.4 stands (test/rc/version.ts post63Fields).
 */
const SINCE_6_4 = ['totalLivechatPublicCustomFields', 'livechatAutomaticForwardingUnansweredChats', 'totalLivechatRoomsWithDepartment', 'pushSecured'];

/**
 * Added in 6.5.0 (apps/meteor/CHANGELOG.md 6.5.0: "ec1b2b9846" deployment fingerprint, "dea1fe9191" MAC stats,
 * "c38711b346" daily/monthly peak connections, "c0ef13a0bf" `push`; none is in a 6.4.x section).
 */
const SINCE_6_5 = [
  'deploymentFingerprintHash',
  'deploymentFingerprintVerified',
  'omnichannelContactsBySource',
  'uniqueContactsOfLastMonth',
  'uniqueContactsOfLastWeek',
  'uniqueContactsOfYesterday',
  'dailyPeakConnections',
  'maxMonthlyPeakConnections',
  'push',
];

/**
 * Removed in 8.0 with the legacy federation, VoIP, OTR and WebRTC (rocketchat-info.md §1.3; 8.x statistics.ts). The
 * OTR counters are still written by a 7.2+ statistics.ts (it already has contactVerification); OTR left with PR #36691
 * "chore!: remove `OTR`", a breaking change, so 8.0.0.
 */
const UNTIL_8 = [
  'totalOTRRooms',
  'totalOTR',
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
  if (SINCE_6_5.includes(key)) return atLeast(semantics, 6, 5) ? 'always' : 'never';
  // 6.5.0 splits discussion messages out (the Workspace page's "In discussions").
  if (key === 'totalDiscussionsMessages') return atLeast(semantics, 6, 5) ? 'always' : 'never';
  // packages/core-typings/CHANGELOG.md 7.2.0, #33895: Contact Identification statistics.
  if (key === 'contactVerification') return atLeast(semantics, 7, 2) ? 'always' : 'never';
  if (UNTIL_8.includes(key)) return atLeast(semantics, 8, 0) ? 'never' : 'always';
  if (SINCE_8.includes(key)) return atLeast(semantics, 8, 0) ? 'always' : 'never';
  return 'always';
}

/**
 * Keys Rocket.Chat's document always has for the version that the bot's document may lack: 8.x's
 * `allowUnsafeQueryAndFieldsApiParamsEnabled` (read from the Rocket.Chat server's environment).
 */
export function rcRequiredKeys(semantics: Semantics): string[] {
  return atLeast(semantics, 8, 0) ? ['allowUnsafeQueryAndFieldsApiParamsEnabled'] : [];
}
