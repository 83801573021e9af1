/**
 * The Workspace page's version tag, judged as Rocket.Chat's getVersionStatus does
 * (client/views/admin/workspace/VersionCard/getVersionStatus.ts and its spec): the cases below are the spec's, plus
 * the string comparison Rocket.Chat uses to find the highest listed version, and tokens that are not lists.
 */
import { describe, expect, it } from 'vitest';
import { readSupportedVersions, type SupportedVersion, versionStatus } from '../../src/stats/supported-versions.js';

const NOW = new Date('2026-12-02T12:00:00Z');
const NEXT_YEAR = new Date('2027-12-02T00:00:00Z');
const PAST = new Date('2020-01-01T00:00:00Z');

/** A token as Rocket.Chat's cloud signs it: header.body.signature, the body base64 JSON. */
function token(body: unknown): string {
  return `e30.${Buffer.from(JSON.stringify(body)).toString('base64')}.c2ln`;
}

describe("Rocket.Chat's version tag", () => {
  it.each<[string, string, SupportedVersion[], string]>([
    ['the listed highest, not expired', '3.0.0', [{ version: '3.0.0', expiration: NEXT_YEAR }], 'latest'],
    ['the listed highest, expired', '3.0.0', [{ version: '3.0.0', expiration: PAST }], 'outdated'],
    ['not listed', '2.0.0', [{ version: '3.0.0', expiration: NOW }], 'outdated'],
    ['listed, a higher one exists, not expired', '3.0.0', [{ version: '3.0.0', expiration: NEXT_YEAR }, { version: '4.0.0', expiration: NOW }], 'available_version'],
    ['listed, a higher one exists, expired', '3.0.0', [{ version: '3.0.0', expiration: PAST }, { version: '4.0.0', expiration: NOW }], 'outdated'],
    ['higher than every listed one but not listed', '4.0.0', [{ version: '2.0.0', expiration: NOW }, { version: '3.0.0', expiration: NOW }], 'outdated'],
    // '7.9.0' > '7.10.0' as strings: Rocket.Chat takes 7.9.0 as the highest, so 7.10.0 counts as the latest.
    ['7.10.0 beside 7.9.0 (string comparison)', '7.10.0', [{ version: '7.10.0', expiration: NEXT_YEAR }, { version: '7.9.0', expiration: NEXT_YEAR }], 'latest'],
    ['a build suffix, coerced', '7.10.2-rc.1', [{ version: '7.10.2', expiration: NEXT_YEAR }, { version: '7.11.0', expiration: NEXT_YEAR }], 'available_version'],
  ])('%s', (_what, server, versions, label) => {
    expect(versionStatus(server, versions, NOW)?.label).toBe(label);
  });

  it("gives the running version's end of support", () => {
    expect(versionStatus('3.0.0', [{ version: '3.0.0', expiration: NEXT_YEAR }], NOW)?.expiration).toEqual(NEXT_YEAR);
  });

  it('reads the list from a signed token and refuses what is not one', () => {
    expect(readSupportedVersions(token({ versions: [{ version: '7.10.2', expiration: '2027-06-30T00:00:00.000Z', security: false }] }))).toEqual([
      { version: '7.10.2', expiration: new Date('2027-06-30T00:00:00.000Z') },
    ]);
    for (const bad of [undefined, '', 'no-dots', 'a.%%%.b', token({ versions: 'none' }), token({}), 'x'.repeat(300_000)]) {
      expect(readSupportedVersions(bad), String(bad).slice(0, 20)).toBeUndefined();
    }
  });
});
