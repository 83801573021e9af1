/**
 * The bot's own look-up against a local resolver double, judged as Rocket.Chat's federation modal judges records
 * (DNSRecords.tsx: Target = Site_Url's hostname, Port = `new URL(Site_Url).port` as text, Weight and Priority '1';
 * the protocol TXT value = Site_Url's protocol), with the fix each failure names. The modal's own verdict on the same
 * answer comes from dnsRecordRows fed the answer as the federation cron stores it (FEDERATION_ResolvedSRV JSON).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkOwnLookup } from '../../src/federation/dns-checks.js';
import { lookUpFederation } from '../../src/federation/dns-lookup.js';
import { dnsRecordRows, lookupNames, siteParts } from '../../src/federation/dns-records.js';
import { type DoubleRecord, startDnsDouble } from './dns-double.js';

const KEY = 'PUBLIC-KEY-OF-THIS-SERVER';
const srv = (target: string, port: number, priority = 1, weight = 1): DoubleRecord => ({ type: 'SRV', data: { target, port, priority, weight } });
const txt = (data: string): DoubleRecord => ({ type: 'TXT', data });

let double: Awaited<ReturnType<typeof startDnsDouble>>;
beforeAll(async () => {
  double = await startDnsDouble(
    new Map([
      // good.example.org: everything as Site_Url https://chat.good.example.org says.
      ['_rocketchat._https.good.example.org', [srv('chat.good.example.org', 443)]],
      ['rocketchat-public-key.good.example.org', [txt(KEY)]],
      ['rocketchat-tcp-protocol.good.example.org', [txt('https')]],
      // bad.example.org: another host, port and weight; a stale key; the protocol of another Site_Url.
      ['_rocketchat._https.bad.example.org', [srv('old.bad.example.org', 8443, 1, 5)]],
      ['rocketchat-public-key.bad.example.org', [txt('AN-OLD-KEY')]],
      ['rocketchat-tcp-protocol.bad.example.org', [txt('http')]],
      // port.example.org: Site_Url with an explicit port, no protocol TXT.
      ['_rocketchat._http.port.example.org', [srv('chat.port.example.org', 3000)]],
      ['rocketchat-public-key.port.example.org', [txt(KEY)]],
    ]),
  );
});
afterAll(async () => double?.close());

async function judge(siteUrl: string, domain: string) {
  const site = siteParts(siteUrl);
  if (!site) throw new Error(siteUrl);
  const names = lookupNames(domain, site.protocol, false);
  const lookup = await lookUpFederation(names, { servers: [double.server] });
  const checks = checkOwnLookup({ site, publicKey: KEY, names }, lookup);
  const first = lookup.srv.state === 'found' ? lookup.srv.records[0] : undefined;
  const resolvedSrv = JSON.stringify(first ? { target: first.name, port: first.port, priority: first.priority, weight: first.weight } : {});
  const modal = dnsRecordRows({ siteUrl, domain, publicKey: KEY, resolvedSrv, resolvedPublicKeyTxt: '', resolvedProtocolTxt: '' }, false) ?? [];
  return { checks, modalRow: (title: string) => modal.find((r) => r.block === 'srv' && r.title === title)?.status };
}

test('records as Site_Url says: all green; the default port passes here, the modal marks it failed', async () => {
  const { checks, modalRow } = await judge('https://chat.good.example.org', 'good.example.org');
  expect(checks.map((c) => c.status)).toEqual(['success', 'success', 'success', 'success', 'success']);
  expect(checks.flatMap((c) => c.fix ?? [])).toEqual([]);
  expect(checks[0]?.line).toBe("`_rocketchat._https.good.example.org` target `chat.good.example.org`, Site_Url's host");
  expect(checks[1]?.line).toContain("the default port of Site_Url's https (Rocket.Chat's modal still marks its Port row failed");
  expect(modalRow('Target')).toBe('success');
  expect(modalRow('Port')).toBe('failed');
  expect(checks[4]?.line).toBe("`rocketchat-tcp-protocol.good.example.org`: `https`, Site_Url's protocol");
});

test('another host, port and weight, a stale key, another protocol: each check fails and names its fix', async () => {
  const { checks, modalRow } = await judge('https://chat.bad.example.org', 'bad.example.org');
  expect(checks.map((c) => c.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
  expect(modalRow('Target')).toBe('failed');
  expect(modalRow('Weight')).toBe('failed');
  expect(checks.flatMap((c) => c.fix ?? [])).toEqual([
    "change the target of `_rocketchat._https.bad.example.org` to `chat.bad.example.org` (Site_Url's host)",
    'change the port of `_rocketchat._https.bad.example.org` to `443`',
    'set priority 1 and weight 1 on `_rocketchat._https.bad.example.org`',
    "replace the value of `rocketchat-public-key.bad.example.org` with this server's public key (*Administration > Settings > Federation > Public Key*)",
    'set `rocketchat-tcp-protocol.bad.example.org` to `https`',
  ]);
});

test("Site_Url with its own port: the SRV port compares with it as the modal does; no protocol TXT is not a failure", async () => {
  const { checks, modalRow } = await judge('http://chat.port.example.org:3000', 'port.example.org');
  expect(checks.map((c) => c.status)).toEqual(['success', 'success', 'success', 'success', 'unknown']);
  expect(checks[1]?.line).toBe("`_rocketchat._http.port.example.org` port `3000`, Site_Url's port");
  expect(modalRow('Port')).toBe('success');
  expect(checks.flatMap((c) => c.fix ?? [])).toEqual([]);
});

test('no SRV record under the domain: one failure, the fix names the whole record from Site_Url', async () => {
  const { checks } = await judge('https://chat.none.example.org', 'none.example.org');
  expect(checks[0]).toEqual({
    status: 'failed',
    line: '`_rocketchat._https.none.example.org`: no such record',
    fix: 'add the SRV record `_rocketchat._https.none.example.org` → target `chat.none.example.org`, port `443`, priority 1, weight 1',
  });
  expect(checks[1]?.fix).toContain('add the TXT record `rocketchat-public-key.none.example.org`');
});
