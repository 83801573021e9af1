import { describe, expect, it } from 'vitest';
import { deploymentCard, multiInstanceWarnings } from '../../src/cards/deployment.js';
import { federationCard } from '../../src/cards/federation.js';
import { licenseCard } from '../../src/cards/license.js';
import type { Card } from '../../src/cards/model.js';
import { renderCardText } from '../../src/cards/terminal.js';
import { usageCard } from '../../src/cards/usage.js';
import type { LicenseVerdict } from '../../src/license/types.js';
import type { DeploymentInfo } from '../../src/stats/collectors/deployment.js';
import { type FederationInfo, federationChecks } from '../../src/stats/collectors/federation.js';
import type { LicenseInfo } from '../../src/stats/collectors/license.js';
import { USAGE_FIELDS, type UsageInfo } from '../../src/stats/collectors/usage.js';
import type { Sourced } from '../../src/stats/types.js';
import { parseRcVersion, type Semantics, semanticsFor } from '../../src/stats/version.js';

const NOW = new Date('2026-11-26T09:00:00Z');
const live = <T>(value: T): Sourced<T> => ({ value, source: 'live' });
const unknown = <T>(): Sourced<T> => ({ value: null, source: 'unavailable' });
const semantics = (version: string): Semantics => semanticsFor(parseRcVersion(version) as NonNullable<ReturnType<typeof parseRcVersion>>, 'snapshot');
const value = (card: Card, label: string, section?: string) => card.fields.find((f) => f.label === label && (!section || f.section === section))?.value;

function deployment(overrides: Partial<DeploymentInfo> = {}): DeploymentInfo {
  return {
    version: { value: '7.10.2', source: 'snapshot', asOf: new Date('2026-11-25T13:12:00Z') },
    uniqueId: live('90dee8d3-dfb8-4dca-ad1e-a9aed25740d8'),
    installedAt: live('2024-01-01T00:00:00.000Z'),
    cloudWorkspaceId: unknown(),
    appsEngineVersion: { value: '1.48.0', source: 'api' },
    nodeVersion: { value: 'v22.14.0', source: 'snapshot', asOf: new Date('2026-11-25T13:12:00Z') },
    pid: { value: 180, source: 'snapshot' },
    migration: live({ version: 316, locked: false, lockedAt: new Date('2026-11-23T13:00:00Z') }),
    mongoVersion: live('7.0.12'),
    mongoStorageEngine: live('wiredTiger'),
    oplogEnabled: live(true),
    msEnabled: live(false),
    commit: live({ hash: '03eb59d25d8e1f0a', branch: 'release-7.10.2', subject: 'Release 7.10.2' }),
    instances: live([{ id: 'a', host: '10.0.0.4', port: '3000', pid: 180, nodeVersion: 'v22.14.0', updatedAt: NOW, alive: true }]),
    instanceCount: live(1),
    ...overrides,
  };
}

describe('the Deployment card', () => {
  it('lists the Info page fields in its order, with its labels', () => {
    const card = deploymentCard({ deployment: deployment(), semantics: semantics('7.10.2'), enterprise: false, now: NOW, timeZone: 'UTC' });
    expect(card.fields.map((f) => f.label)).toEqual([
      'Version',
      'Deployment ID',
      'Apps Engine Version',
      'Node Version',
      'Database Migration',
      'MongoDB',
      'Commit Details',
      'PID',
      'Instances',
    ]);
    expect(value(card, 'Database Migration')).toBe('316 (November 23, 2026 1:00 PM UTC)');
    expect(value(card, 'MongoDB')).toBe('7.0.12 / wiredTiger (oplog Enabled)');
    expect(value(card, 'Commit Details')).toBe('HEAD: (03eb59d25)\nBranch: release-7.10.2\nRelease 7.10.2');
    expect(card.fields.find((f) => f.label === 'Node Version')).toMatchObject({ source: 'snapshot', asOf: new Date('2026-11-25T13:12:00Z') });
    expect(card.fields.find((f) => f.label === 'Apps Engine Version')?.source).toBe('api');
    expect(card.state).toBe('ok');
    expect(card.notes.join('\n')).toContain('not when a migration ran');
  });

  it.each([
    ['6.3.0', 'HEAD: (03eb59d25)\nBranch: release-7.10.2'],
    ['6.5.0', 'HEAD: (03eb59d25)\nBranch: release-7.10.2\nRelease 7.10.2'],
  ])('shows the commit subject only from 6.5 (%s)', (version, text) => {
    const card = deploymentCard({ deployment: deployment(), semantics: semantics(version), enterprise: false, now: NOW, timeZone: 'UTC' });
    expect(value(card, 'Commit Details')).toBe(text);
  });

  it.each([
    ['a workspace without a Cloud ID and a fresh migration', { migration: live({ version: 0, locked: false }) }, 'Database Migration', '0 (never started)'],
    ['microservices', { msEnabled: live(true) }, 'MongoDB', '7.0.12 / wiredTiger'],
    ['an engine Rocket.Chat cannot name', { mongoStorageEngine: live('') }, 'MongoDB', '7.0.12 / unknown (oplog Enabled)'],
    ['a Cloud workspace', { cloudWorkspaceId: live('eaf33993') }, 'Cloud Workspace ID', 'eaf33993'],
    ['a failed query', { mongoVersion: { value: null, source: 'failed' as const, error: 'timed out' } }, 'MongoDB', 'unavailable (query failed)'],
    ['an unknown version', { version: unknown<string>() }, 'Version', 'unknown (figures follow 7.10.2)'],
  ])('renders %s', (_what, overrides, label, text) => {
    const card = deploymentCard({ deployment: deployment(overrides), semantics: semantics('7.10.2'), enterprise: false, now: NOW, timeZone: 'UTC' });
    expect(value(card, label)).toBe(text);
  });

  it("tags the version as Rocket.Chat's Workspace page does from its supported-versions list, and says until when it is supported", () => {
    const list = live([
      { version: '7.10.2', expiration: new Date('2027-03-31T00:00:00Z') },
      { version: '7.11.0', expiration: new Date('2027-06-30T00:00:00Z') },
    ]);
    const card = deploymentCard({ deployment: deployment({ supportedVersions: list }), semantics: semantics('7.10.2'), enterprise: false, now: NOW, timeZone: 'UTC' });
    expect(value(card, 'Version')).toBe('7.10.2 (New version available)');
    expect(value(card, 'Version support')).toBe('supported until March 31, 2027');
    const expired = live([{ version: '7.10.2', expiration: new Date('2026-01-31T00:00:00Z') }]);
    const old = deploymentCard({ deployment: deployment({ supportedVersions: expired }), semantics: semantics('7.10.2'), enterprise: false, now: NOW, timeZone: 'UTC' });
    expect(value(old, 'Version')).toBe('7.10.2 (Outdated)');
    expect(value(old, 'Version support')).toBe('not supported');
    expect(old.state).toBe('danger');
    // The classic Info page (6.4 and before) has no VersionCard; without a list there is no tag to give.
    const classic = deploymentCard({ deployment: deployment({ version: live('6.4.8'), supportedVersions: list }), semantics: semantics('6.4.8'), enterprise: false, now: NOW, timeZone: 'UTC' });
    expect(value(classic, 'Version')).toBe('6.4.8');
    expect(value(deploymentCard({ deployment: deployment(), semantics: semantics('7.10.2'), enterprise: false, now: NOW, timeZone: 'UTC' }), 'Version')).toBe('7.10.2');
  });

  it("says whether the workspace is registered with Rocket.Chat Cloud, as the Workspace page's VersionCard does (6.5+)", () => {
    const card = (registered: boolean, version: string) =>
      deploymentCard({ deployment: deployment({ registered: live(registered) }), semantics: semantics(version), enterprise: false, now: NOW, timeZone: 'UTC' });
    expect(value(card(true, '7.10.2'), 'Cloud registration')).toBe('Workspace registered');
    expect(value(card(false, '7.10.2'), 'Cloud registration')).toBe('Workspace not registered');
    expect(value(card(false, '6.4.8'), 'Cloud registration')).toBeUndefined();
  });

  it('has no Cloud Workspace ID row on the classic Info page (6.4 and before), as its DeploymentCard never had one', () => {
    const card = deploymentCard({ deployment: deployment({ cloudWorkspaceId: live('eaf33993') }), semantics: semantics('6.4.8'), enterprise: false, now: NOW, timeZone: 'UTC' });
    expect(card.fields.map((field) => field.label)).not.toContain('Cloud Workspace ID');
    expect(value(card, 'Deployment ID')).toBeDefined();
  });

  it.each([
    { instanceCount: 1, enterprise: false, msEnabled: false, oplogEnabled: false, states: [] },
    { instanceCount: 2, enterprise: true, msEnabled: false, oplogEnabled: false, states: [] },
    { instanceCount: 2, enterprise: false, msEnabled: true, oplogEnabled: false, states: [] },
    { instanceCount: 2, enterprise: false, msEnabled: false, oplogEnabled: true, states: ['warning'] },
    { instanceCount: 3, enterprise: false, msEnabled: false, oplogEnabled: false, states: ['danger', 'warning'] },
    // The classic Info page (≤ 6.4) shows the license callout as danger (InformationPage.tsx).
    { instanceCount: 2, enterprise: false, msEnabled: false, oplogEnabled: true, classicInfoPage: true, states: ['danger'] },
  ])('warns as Rocket.Chat does for $instanceCount instances, enterprise $enterprise, ms $msEnabled, oplog $oplogEnabled', ({ states, ...input }) => {
    expect(multiInstanceWarnings(input).map((w) => w.state)).toEqual(states);
  });

  it("carries Rocket.Chat's multi-instance callouts as notes and its state, and explains 8.x's oplog", () => {
    const two = deployment({ instanceCount: live(2), oplogEnabled: live(false) });
    const card = deploymentCard({ deployment: two, semantics: semantics('8.3.0'), enterprise: false, now: NOW, timeZone: 'UTC' });
    expect(card.state).toBe('danger');
    expect(card.notes[0]).toMatch(/^Error: Rocket.Chat requires oplog tailing when running in multiple instances/);
    expect(card.notes[1]).toBe('You are operating multiple instances without an active Premium license - some features may not behave as designed');
    expect(card.notes[2]).toMatch(/8.x always reports oplog as disabled/);
  });

  it('warns about instances without a recent heartbeat', () => {
    const stale = deployment({
      instances: live([{ id: 'x', host: '10.0.0.9', pid: 7, createdAt: new Date('2026-11-20T07:05:00Z'), updatedAt: new Date('2026-11-26T08:50:00Z'), alive: false }]),
    });
    const card = deploymentCard({ deployment: stale, semantics: semantics('7.10.2'), enterprise: false, now: NOW, timeZone: 'UTC' });
    // The Instances modal's Instance Record: ID, PID, Created at, Updated at (the heartbeat).
    expect(value(card, 'Instances')).toBe('10.0.0.9 (ID x, PID 7, created November 20, 2026 7:05 AM UTC) — last heartbeat November 26, 2026 8:50 AM UTC (stale)');
    expect(card.state).toBe('warning');
  });
});

function verdict(overrides: Partial<LicenseVerdict> = {}): LicenseVerdict {
  return {
    status: 'valid',
    valid: true,
    reasons: [],
    warnings: [],
    disabledModules: [],
    version: 3,
    tags: [{ name: 'Premium', color: '#1D74F5' }],
    modules: ['auditing', 'livechat-enterprise', 'scalability'],
    limits: [{ kind: 'activeUsers', max: 1000, behavior: 'prevent_action', value: 700 }],
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: '2027-11-26T00:00:00.000Z',
    serverUrls: [{ value: 'chat.example.com', type: 'url' }],
    trial: false,
    ...overrides,
  };
}

function license(v: LicenseVerdict | null, status = 'Valid'): LicenseInfo {
  return {
    installed: live(v !== null),
    verdict: v,
    fingerprint: v ? 'a'.repeat(64) : null,
    status: live(v ? status : ''),
    siteUrl: live('https://chat.example.com'),
    activeUsers: live(812),
    activeGuests: live(3),
  };
}

describe('the License card', () => {
  it('shows a workspace without license as Community with every feature missing', () => {
    const card = licenseCard({ license: license(null), now: NOW, timeZone: 'UTC' });
    expect(value(card, 'Plan')).toBe('Community');
    expect(value(card, 'License')).toBe('none installed');
    expect(card.fields.filter((f) => f.section === 'Features').map((f) => [f.label, f.value])).toEqual([
      ['Omnichannel', '✘ not included'],
      ['Auditing', '✘ not included'],
      ['Canned Responses', '✘ not included'],
      ['Engagement Dashboard', '✘ not included'],
      ['Read receipts', '✘ not included'],
    ]);
    expect(card.state).toBe('info');
    expect(card.notes.join('\n')).toContain('To apply the offline license, send it to the bot in a direct message.');
  });

  it('shows what a valid license grants: tags, features, period, seats and other modules', () => {
    const card = licenseCard({ license: license(verdict()), now: NOW, timeZone: 'UTC' });
    expect(value(card, 'Plan')).toBe('Premium');
    expect(value(card, 'License')).toBe('Valid, v3');
    expect(value(card, 'Omnichannel', 'Features')).toBe('✔ included');
    expect(value(card, 'Canned Responses', 'Features')).toBe('✘ not included');
    expect(value(card, 'Valid until')).toBe('November 26, 2027 (364 days left)');
    expect(value(card, 'Seats (active users)')).toBe('700 / 1000 (300 seats left)');
    expect(value(card, 'Other modules')).toBe('High scalability');
    expect(value(card, 'Fingerprint')).toBe(`sha256:${'a'.repeat(16)}`);
    expect(card.state).toBe('ok');
  });

  it.each([
    ['seats at 80 % or more', verdict({ limits: [{ kind: 'activeUsers', max: 1000, behavior: 'prevent_action', value: 800 }] }), 'warning'],
    ['an expiry within 30 days', verdict({ validUntil: '2026-12-20T00:00:00.000Z' }), 'warning'],
    ['seats full under prevent_action (new users blocked)', verdict({ limits: [{ kind: 'activeUsers', max: 1000, behavior: 'prevent_action', value: 1000, reached: true }] }), 'danger'],
    ['an invalid license', verdict({ status: 'invalid', valid: false, reasons: [{ code: 'period', message: 'The license expired on 2026-11-01: get a renewed license from the Cloud Console.' }], validUntil: '2026-11-01T00:00:00.000Z' }), 'danger'],
  ])('marks %s', (_what, v, state) => {
    expect(licenseCard({ license: license(v), now: NOW, timeZone: 'UTC' }).state).toBe(state);
  });

  it("lists the verifier's reasons and notes when Rocket.Chat's status disagrees", () => {
    const invalid = verdict({ status: 'invalid', valid: false, reasons: [{ code: 'url', message: 'The license is for "x.example.com" (url), not for this workspace.' }] });
    const card = licenseCard({ license: license(invalid, 'Valid'), now: NOW, timeZone: 'UTC' });
    expect(value(card, 'License')).toBe('Invalid (url), v3');
    expect(value(card, 'Plan')).toBe('Community');
    expect(value(card, 'Auditing', 'Features')).toBe('✘ not included');
    expect(card.notes).toContain('The license is for "x.example.com" (url), not for this workspace.');
    expect(card.notes.join('\n')).toMatch(/status says Valid, but the license does not pass the checks/);
  });
});

function usage(source: Partial<Sourced<number>> = {}): UsageInfo {
  return Object.fromEntries(USAGE_FIELDS.map((field, i) => [field, { value: field === 'uploadsTotalSize' ? 1536 : i, source: 'live', ...source }])) as UsageInfo;
}

describe('the Usage card', () => {
  it('has the Workspace page headings and labels from 6.5', () => {
    const card = usageCard({ usage: usage(), semantics: semantics('7.10.2'), now: NOW });
    const sections = [...new Set(card.fields.map((f) => f.section))];
    expect(sections).toEqual(['Users', 'Types', 'Uploads', 'Total Rooms', 'Messages']);
    expect(card.fields.filter((f) => f.section === 'Messages').map((f) => f.label)).toEqual([
      'In channels',
      'In private groups',
      'In direct messages',
      'In discussions',
      'In omnichannel',
      'Total',
    ]);
    expect(value(card, 'Total Uploads Size')).toBe('1.50 kB');
    expect(card.fields.some((f) => f.label === 'Threads')).toBe(false);
  });

  it('has the classic Usage card with Threads before 6.5', () => {
    const card = usageCard({ usage: usage(), semantics: semantics('6.3.0'), now: NOW });
    expect([...new Set(card.fields.map((f) => f.section))]).toEqual(['Users', 'Types and Distribution', 'Uploads', 'Total Rooms', 'Total Messages']);
    expect(card.fields.filter((f) => f.section === 'Total Messages').map((f) => f.label)).toEqual([
      'Messages',
      'Threads',
      'In channels',
      'In private groups',
      'In direct messages',
      'In omnichannel',
    ]);
    expect(card.notes.join('\n')).toContain('Before 6.5 Rocket.Chat counts messages in discussions under their channel');
  });

  it('never has an empty value, even when everything failed', () => {
    const card = usageCard({ usage: usage({ value: null, source: 'failed' }), semantics: semantics('8.3.0'), now: NOW });
    expect(card.fields.length, 'a card with no fields would pass the check below').toBeGreaterThan(10);
    for (const field of card.fields) expect(field).toMatchObject({ value: 'unavailable (query failed)', source: 'failed', state: 'warning' });
    expect(card.state).toBe('warning');
  });
});

function federation(enabled: boolean): FederationInfo {
  return {
    enabled: live(enabled),
    domain: live(enabled ? 'chat.example.com' : ''),
    discoveryMethod: live('dns'),
    checks: federationChecks(enabled, true, false),
    federatedServers: live(2),
    federatedUsers: live(3),
    matrix: live({
      enabled: true,
      maximumSizeOfPublicRoomsUsers: 100,
      biggestRoom: { _id: 'r1', name: 'lounge', usersCount: 5 },
      smallestRoom: null,
      amountOfExternalUsers: 4,
      amountOfFederatedRooms: 2,
      externalConnectedServers: { quantity: 1, servers: ['matrix.example.org'] },
    }),
    matrixConfigurationStatus: live('Invalid'),
    matrixHomeserverDomain: live('example.com'),
    nativeEnabled: unknown(),
    nativeDomain: unknown(),
  };
}

describe('the Federation card', () => {
  it.each([
    [false, false, false, ['unknown', 'unknown', 'unknown']],
    [true, false, false, ['success', 'failed', 'unknown']],
    [true, true, false, ['success', 'success', 'failed']],
    [true, true, true, ['success', 'success', 'success']],
    [true, false, true, ['success', 'failed', 'success']],
  ])('rates the checks as Rocket.Chat does (enabled %s, healthy %s, populated %s)', (enabled, healthy, populated, statuses) => {
    expect(federationChecks(enabled, healthy, populated).map((c) => c.status)).toEqual(statuses);
  });

  it('shows the classic card, Matrix federation and explains when Rocket.Chat has no such card', () => {
    const card = federationCard({ federation: federation(true), semantics: semantics('7.10.2'), now: NOW });
    expect(value(card, 'Enable Federation', 'Federation')).toBe('✔ Federation integration is working correctly.');
    expect(value(card, 'Adding Federated Users', 'Federation')).toBe('✘ failed');
    expect(value(card, 'External servers', 'Matrix federation')).toBe('1: matrix.example.org');
    expect(value(card, 'Smallest room', 'Matrix federation')).toBe('none');
    expect(card.fields.find((f) => f.label === 'Configuration')?.state).toBe('warning');
    expect(card.state).toBe('danger');
    expect(card.notes[0]).toMatch(/has no Federation card \(removed in 6.4\)/);
  });

  it('has no such note on 6.3, whose Info page shows the card', () => {
    const card = federationCard({ federation: federation(false), semantics: semantics('6.3.0'), now: NOW });
    expect(card.notes.join('\n')).not.toContain('removed in 6.4');
    expect(value(card, 'Domain', 'Federation')).toBe('not set');
    expect(card.fields.filter((f) => f.section === 'Federation' && f.label.startsWith('Adding')).map((f) => f.value)).toEqual(['○ unknown', '○ unknown']);
  });
});

describe('terminal text', () => {
  it('groups fields under their headings, aligns values, marks sources and explains the marks', () => {
    const card = deploymentCard({ deployment: deployment({ pid: { value: null, source: 'failed' } }), semantics: semantics('7.10.2'), enterprise: false, now: NOW, timeZone: 'UTC' });
    const text = renderCardText(card, { timeZone: 'UTC' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Deployment [WARNING]');
    expect(text).toContain('  Node Version         v22.14.0 ¹');
    expect(text).toContain('  Apps Engine Version  1.48.0 ²');
    expect(text).toContain('  PID                  unavailable (query failed) †');
    expect(text).toContain('  Commit Details       HEAD: (03eb59d25)\n                       Branch: release-7.10.2');
    expect(text).toContain("  - ¹ from Rocket.Chat's last statistics snapshot");
    expect(text).toContain('  - † could not be computed');
    expect(lines.at(-1)).toBe('  (computed November 26, 2026 9:00 AM UTC)');
    expect(text).not.toContain('\u001b[');
    expect(renderCardText(card, { color: true, timeZone: 'UTC' })).toContain('\u001b[33mDeployment [WARNING]');
  });

  it('prints headings for the Info page sections', () => {
    const text = renderCardText(usageCard({ usage: usage(), semantics: semantics('7.10.2'), now: NOW }), { timeZone: 'UTC' });
    expect(text).toContain('  Users\n    Online ');
    expect(text).toContain('  Total Rooms\n    Channels ');
  });
});
