/** The options that shape a workspace: Rocket.Chat version, site URL and an applied license. */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../support/seed/index.js';
import { openFileDb } from '../support/db.js';
import { type Workspace, docsOf, readWorkspace } from './workspace-docs.js';

const LICENSE = 'RCV3_not.a.real-license';

describe('a workspace seeded with options', () => {
  let ws: Workspace;
  beforeAll(async () => {
    const { db } = await openFileDb();
    await seedWorkspace(db, { size: 'tiny', rcVersion: '6.13.1', siteUrl: 'https://chat.example.com', license: LICENSE });
    ws = await readWorkspace(db);
  });

  const setting = (id: string) => docsOf(ws, 'rocketchat_settings').find((s) => s._id === id)?.value;

  it('stores the license and the status Rocket.Chat writes once it accepted one', () => {
    expect(setting('Enterprise_License')).toBe(LICENSE);
    expect(setting('Enterprise_License_Status')).toBe('Valid');
  });

  it('writes the version into the latest statistics snapshot, and the previous patch into those before the upgrade', () => {
    const versions = docsOf(ws, 'rocketchat_statistics')
      .sort((a, b) => (b.createdAt as Date).getTime() - (a.createdAt as Date).getTime())
      .map((s) => s.version);
    expect(versions[0]).toBe('6.13.1');
    expect(versions.at(-1)).toBe('6.13.0');
    const nodeVersions = new Set(docsOf(ws, 'instances').map((i) => (i.extraInformation as { nodeVersion: string }).nodeVersion));
    expect(nodeVersions.size).toBe(1);
  });

  it('uses the site URL for Site_Url, federation domains and upload links', () => {
    expect(setting('Site_Url')).toBe('https://chat.example.com');
    expect(setting('FEDERATION_Domain')).toBe('chat.example.com');
    const urls = docsOf(ws, 'rocketchat_uploads').filter((u) => typeof u.url === 'string').map((u) => String(u.url));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url.startsWith('https://chat.example.com/ufs/')).toBe(true);
  });

  it('refuses a version that is not one', async () => {
    const { db } = await openFileDb();
    await expect(seedWorkspace(db, { size: 'tiny', rcVersion: 'latest' })).rejects.toThrow(/rcVersion "latest" is not a Rocket.Chat version: give one like 7.10.2/);
  });
});
