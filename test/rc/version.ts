/**
 * What changes with the Rocket.Chat version, for the reference modules (rocketchat-info.md §1.3, §4).
 * Verified against the source are 6.3, 7.0, a late 7.x and 8.3; versions in between take the nearest verified
 * behaviour, and the cut points below say which.
 */

/** The version-dependent behaviour of Rocket.Chat's statistics and license code. */
export interface RcSemantics {
  version: string;
  major: number;
  minor: number;
  /**
   * 6.4.0+: `getActiveLocalUserCount` subtracts bots too (≤ 6.3 only apps): apps/meteor/CHANGELOG.md, 6.4.0 patch
   * "5321e87363: Fix seat counter including bots users" (PR #30216, server/models/raw/Users).
   */
  botsExcludedFromActiveUsers: boolean;
  /** 6.5+: discussion messages are split out of channel/group messages into totalDiscussionsMessages. */
  discussionMessagesSplit: boolean;
  /**
   * 6.4+: pushSecured, totalLivechatPublicCustomFields, livechatAutomaticForwardingUnansweredChats,
   * totalLivechatRoomsWithDepartment (rocketchat-info.md §1.3). Neither apps/meteor/CHANGELOG.md nor the stored
   * statistics.ts revisions date these four (every stored revision that has them also has 6.5's `push`), so the
   * reference note's 6.4 stands until a 6.4 revision says otherwise.
   */
  post63Fields: boolean;
  /**
   * 6.5.0+: deploymentFingerprintHash/Verified, the omnichannel MAC statistics (omnichannelContactsBySource,
   * uniqueContactsOf*) and dailyPeakConnections/maxMonthlyPeakConnections. apps/meteor/CHANGELOG.md 6.5.0 lists
   * "ec1b2b9846: Create a deployment fingerprint", "dea1fe9191: chore: Calculate & Store MAC stats" and "c38711b346: Add
   * the daily and monthly peaks of concurrent connections to statistics" (packages/core-typings/CHANGELOG.md 6.5.0 the
   * first two); its 6.4.x sections have none of them.
   */
  fingerprintMacPeakStatistics: boolean;
  /**
   * Before 8.0: totalOTRRooms (Rooms.countByCreatedOTR) and totalOTR (setting OTR_Count). A stored statistics.ts
   * revision that already calls getContactVerificationStatistics (so 7.2+) still writes both; OTR left with PR #36691
   * "chore!: remove `OTR`", a breaking change, so 8.0.0 (not 7.1 as this reference had it).
   */
  otrStatistics: boolean;
  /** Later 7.x (taken as 7.1+) and 8.x: estimatedDocumentCount for totals, contactVerification statistics. */
  estimatedTotals: boolean;
  /** 8.x: legacy federation, VoIP, OTR and WebRTC fields removed; oplogEnabled hard-coded false; new 8.x fields. */
  v8: boolean;
  /** 6.5.0+: the `push` bitmask statistic (apps/meteor/CHANGELOG.md 6.5.0, "c0ef13a0bf: Added `push` statistic"). */
  pushStatistic: boolean;
  /**
   * 7.2.0+: `contactVerification` statistics (packages/core-typings/CHANGELOG.md 7.2.0, #33895 "Adds statistics related
   * to the new Contact Identification feature").
   */
  contactVerificationStatistics: boolean;
  /** 6.5+: "RCV3_" JWT licenses are understood (6.4 and earlier read every string as v2). */
  licenseV3: boolean;
  /** 7.0+: no private apps without a license (default limit 0; 6.x allowed 3). */
  privateAppsDefaultMax: number;
}

/** Parses "X.Y[.Z][-tag]" into the semantics Rocket.Chat X.Y has; throws on anything else. */
export function rcSemantics(version: string): RcSemantics {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match) {
    throw new Error(`Rocket.Chat version "${version}" is not of the form X.Y or X.Y.Z: pass the version the workspace runs, e.g. "7.0.0".`);
  }
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const atLeast = (ma: number, mi: number) => major > ma || (major === ma && minor >= mi);
  return {
    version,
    major,
    minor,
    botsExcludedFromActiveUsers: atLeast(6, 4),
    discussionMessagesSplit: atLeast(6, 5),
    post63Fields: atLeast(6, 4),
    fingerprintMacPeakStatistics: atLeast(6, 5),
    otrStatistics: !atLeast(8, 0),
    estimatedTotals: atLeast(7, 1),
    v8: atLeast(8, 0),
    licenseV3: atLeast(6, 5),
    pushStatistic: atLeast(6, 5),
    contactVerificationStatistics: atLeast(7, 2),
    privateAppsDefaultMax: atLeast(7, 0) ? 0 : 3,
  };
}
