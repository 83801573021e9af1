/**
 * Which Rocket.Chat version's meaning the numbers follow (reference rocketchat-info.md §1.3 deltas), and where the
 * version came from: `--rc-version`, the server's /api/info, or the last statistics snapshot.
 */

/** A parsed Rocket.Chat version. */
export interface RcVersion {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

/** The rules that change between Rocket.Chat versions, as flags the collectors and cards read. */
export interface Semantics {
  version: RcVersion;
  /** Where the version came from; `assumed` when nothing said it. */
  versionSource: 'override' | 'api' | 'snapshot' | 'assumed';
  /**
   * Before 6.4.0 bots (type 'bot') count as active users; only app users are excluded. Rocket.Chat 6.4.0 excludes
   * bots too (apps/meteor/CHANGELOG.md 6.4.0 "5321e87363: Fix seat counter including bots users", PR #30216 on
   * Users.getActiveLocalUserCount).
   */
  botsAreActiveUsers: boolean;
  /** 6.5+: messages in discussions are counted apart from their channel's or group's. */
  splitsDiscussionMessages: boolean;
  /** 6.5+: the Workspace page (Users/Uploads and Messages/Rooms cards); before, the classic Info page (Usage card with Threads). */
  workspacePage: boolean;
  /** ≤ 6.3: the Info page has the legacy Federation card. */
  legacyFederationCard: boolean;
  /** 8.x: `oplogEnabled` is hard-coded false, so the oplog warning always accompanies the multi-instance one. */
  oplogAlwaysDisabled: boolean;
  /** < 8.0: statistics carry the legacy federation's federatedServers/federatedUsers. */
  legacyFederationStats: boolean;
  /** < 8.0: statistics carry the fields 8.0 removed (VoIP counts, OTR, WebRTC flags). */
  pre8Fields: boolean;
  /** < 8.0: Matrix federation lists the bridged servers (8.x always reports none). */
  matrixServersListed: boolean;
  /** 6.5+: the Deployment card's commit details include the commit subject. */
  commitSubject: boolean;
}

/** The newest semantics this engine knows; used when no version can be found. */
export const NEWEST_KNOWN_VERSION = '8.8.1';

/** Parses `X.Y.Z` (with optional suffix); undefined when it is not a version. */
export function parseRcVersion(text: string | undefined | null): RcVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text?.trim() ?? '');
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0), text: (text ?? '').trim() };
}

function atLeast(version: RcVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

/** The semantics of a version. */
export function semanticsFor(version: RcVersion, versionSource: Semantics['versionSource']): Semantics {
  return {
    version,
    versionSource,
    botsAreActiveUsers: !atLeast(version, 6, 4),
    splitsDiscussionMessages: atLeast(version, 6, 5),
    workspacePage: atLeast(version, 6, 5),
    legacyFederationCard: !atLeast(version, 6, 4),
    oplogAlwaysDisabled: atLeast(version, 8, 0),
    legacyFederationStats: !atLeast(version, 8, 0),
    pre8Fields: !atLeast(version, 8, 0),
    matrixServersListed: !atLeast(version, 8, 0),
    commitSubject: atLeast(version, 6, 5),
  };
}

/** Picks the version by precedence override > /api/info > last snapshot > newest known. */
export function resolveSemantics(candidates: { override?: string; api?: string; snapshot?: string }): Semantics {
  const order: [Semantics['versionSource'], string | undefined][] = [
    ['override', candidates.override],
    ['api', candidates.api],
    ['snapshot', candidates.snapshot],
  ];
  for (const [source, text] of order) {
    const version = parseRcVersion(text);
    if (version) return semanticsFor(version, source);
  }
  return semanticsFor(parseRcVersion(NEWEST_KNOWN_VERSION) as RcVersion, 'assumed');
}
