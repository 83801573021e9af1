/** Matching a license's server URL rules against the workspace URL, as Rocket.Chat's validateLicenseUrl does. */
import { createHash } from 'node:crypto';
import type { ServerUrlRule } from './types.js';

/** The workspace URL Rocket.Chat compares against: Site_Url without one trailing slash and without http(s)://. */
export function workspaceUrlOf(siteUrl: string): string {
  return siteUrl.trim().replace(/\/$/, '').replace(/^https?:\/\/(.*)$/, '$1');
}

function matchesWildcard(pattern: string, url: string): boolean {
  const source = pattern.replace(/\./g, '\\.').replace(/\*/g, '.*');
  try {
    return new RegExp(`^${source}$`, 'i').test(url);
  } catch {
    return false;
  }
}

// validation/validateLicenseUrl.ts: the first 6.5 releases compared hash rules with bcrypt.compare (@0027c3cd); later
// releases compare the SHA-256 hex digest of the workspace URL (@23e0c1b3). Both forms are accepted.
async function matchesHash(hash: string, url: string): Promise<boolean> {
  if (/^\$2[aby]\$\d\d\$/.test(hash)) {
    const bcrypt = await import('bcryptjs').catch(() => undefined);
    if (!bcrypt) {
      throw new Error('checking a bcrypt hash URL rule needs the bcryptjs package: install it next to the bot (npm install bcryptjs)');
    }
    return bcrypt.default.compare(url, hash);
  }
  return createHash('sha256').update(url).digest('hex') === hash.toLowerCase();
}

/** True when the rule accepts the workspace URL (from workspaceUrlOf). */
export async function matchesServerUrl(rule: ServerUrlRule, workspaceUrl: string): Promise<boolean> {
  switch (rule.type) {
    case 'url':
      return rule.value.toLowerCase() === workspaceUrl.toLowerCase();
    case 'regex':
      return matchesWildcard(rule.value, workspaceUrl);
    case 'hash':
      return matchesHash(rule.value, workspaceUrl);
  }
}
