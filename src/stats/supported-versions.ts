/**
 * The Workspace page's version tag (6.5+ VersionCard): whether the running version is the latest Rocket.Chat supports,
 * supported with a newer one available, or outdated, read from Rocket.Chat's signed supported-versions list. The page
 * decodes the list's body without checking the signature (VersionCard.tsx decodeBase64: the second dot-separated part,
 * base64, JSON) from /api/info's `supportedVersions.signed`, which the server caches in the setting
 * `Cloud_Workspace_Supported_Versions_Token` (server/lib/cloud getCachedSupportedVersionsToken); the bot reads either.
 * The status is getVersionStatus (client/views/admin/workspace/VersionCard/getVersionStatus.ts @4807f153), the newest
 * stored form; an older form inside VersionCard.tsx (@051e8876, undated) ignored the expiration dates.
 */

/** One entry of the list. */
export interface SupportedVersion {
  version: string;
  expiration?: Date;
}

/** What the tag says: Rocket.Chat's VersionStatus. */
export interface VersionStatus {
  label: 'latest' | 'available_version' | 'outdated';
  /** The running version's end of support, when the list names one. */
  expiration?: Date;
}

// A cached token is a few kilobytes; a setting far larger is not one, and is not parsed.
const MAX_TOKEN_LENGTH = 256 * 1024;

/** The list in a signed token, or undefined when the text is not one. */
export function readSupportedVersions(token: unknown): SupportedVersion[] | undefined {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
  const body = token.split('.')[1];
  if (!body) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  const list = (parsed as { versions?: unknown } | null)?.versions;
  if (!Array.isArray(list)) return undefined;
  const versions: SupportedVersion[] = [];
  for (const entry of list) {
    const { version, expiration } = (entry ?? {}) as { version?: unknown; expiration?: unknown };
    if (typeof version !== 'string') continue;
    const date = typeof expiration === 'string' || typeof expiration === 'number' ? new Date(expiration) : undefined;
    versions.push({ version, ...(date && !Number.isNaN(date.getTime()) ? { expiration: date } : {}) });
  }
  return versions.length ? versions : undefined;
}

type Triple = [number, number, number];

/** semver.coerce: the first `X[.Y[.Z]]` in the text, missing parts 0; undefined without digits. */
function coerce(text: string): Triple | undefined {
  const match = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text);
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : undefined;
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** getVersionStatus(serverVersion, versions) at `now`. */
export function versionStatus(serverVersion: string, versions: readonly SupportedVersion[], now: Date): VersionStatus | undefined {
  const server = coerce(serverVersion);
  if (!server || versions.length === 0) return undefined;
  const coerced = server.join('.');
  // Rocket.Chat picks the highest entry by comparing the version strings, not as versions ('7.9.0' > '7.10.0').
  const highest = versions.reduce((prev, current) => (prev.version > current.version ? prev : current));
  const highestVersion = coerce(highest.version);
  const current = versions.find((v) => v.version.includes(coerced) || v.version.includes(serverVersion));
  const expired = current?.expiration !== undefined && current.expiration < now;
  const supported = !expired && (current?.version === coerced || current?.version === serverVersion);
  let label: VersionStatus['label'] = 'outdated';
  if (supported && highestVersion && compare(server, highestVersion) >= 0) label = 'latest';
  if (supported && highestVersion && compare(highestVersion, server) > 0) label = 'available_version';
  return { label, ...(current?.expiration ? { expiration: current.expiration } : {}) };
}

/** The tag's English text (VersionTag.tsx: Latest, New_version_available, Outdated). */
export function versionStatusText(label: VersionStatus['label']): string {
  return label === 'latest' ? 'Latest' : label === 'outdated' ? 'Outdated' : 'New version available';
}
