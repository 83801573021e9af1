/**
 * The modal's DNS rows for given settings. Expected rows are written out from DNSRecords.tsx's rules
 * (apps/meteor/client/views/admin/info/FederationCard/components/FederationModal/DNSRecords.tsx): root-level rows
 * show what they must be; SRV rows fail while FEDERATION_ResolvedSRV is `{}`; the port is Site_Url's `URL.port`
 * (empty for the scheme's default); the public key is shown as `<my-public-key>` and the first 40 characters.
 */
import { expect, test } from 'vitest';
import { dnsRecordRows, federationSubdomain, lookupNames } from '../../src/federation/dns-records.js';

const KEY = `-----BEGIN PUBLIC KEY-----${'A'.repeat(60)}`;
const base = { siteUrl: 'https://chat.example.org', domain: 'fed.example.org', publicKey: KEY, resolvedSrv: '{}', resolvedPublicKeyTxt: '', resolvedProtocolTxt: '' };
const brief = (rows: ReturnType<typeof dnsRecordRows>) => rows?.map((r) => `${r.block} ${r.title}=${r.expected} [${r.value ?? ''}] ${r.status}`);

test('nothing resolved yet: the SRV block fails, the TXT names are shown as they must be', () => {
  expect(brief(dnsRecordRows(base, false))).toEqual([
    'srv Service=_rocketchat [_rocketchat] failed',
    'srv Protocol=_https [_https] failed',
    'srv Name=fed [fed] failed',
    'srv Target=chat.example.org [] failed',
    'srv Port= [] failed',
    'srv Weight=1 [] failed',
    'srv Priority=1 [] failed',
    'srv TTL=1 [1] failed',
    'publicKey Host=rocketchat-public-key.fed [rocketchat-public-key.fed] success',
    'publicKey Value=<my-public-key> [undefined...] failed',
  ]);
});

test('resolved as expected, legacy tab: _tcp, the protocol TXT rows, everything green', () => {
  const resolved = { ...base, siteUrl: 'http://chat.example.org:3000', resolvedSrv: JSON.stringify({ target: 'chat.example.org', port: 3000, weight: 1, priority: 1 }), resolvedPublicKeyTxt: KEY, resolvedProtocolTxt: 'http' };
  expect(brief(dnsRecordRows(resolved, true))).toEqual([
    'srv Service=_rocketchat [_rocketchat] success',
    'srv Protocol=_tcp [_tcp] success',
    'srv Name=fed [fed] success',
    'srv Target=chat.example.org [chat.example.org] success',
    'srv Port=3000 [3000] success',
    'srv Weight=1 [1] success',
    'srv Priority=1 [1] success',
    'srv TTL=1 [1] success',
    'publicKey Host=rocketchat-public-key.fed [rocketchat-public-key.fed] success',
    `publicKey Value=<my-public-key> [${KEY.slice(0, 40)}...] success`,
    'protocol Protocol=rocketchat-tcp-protocol.fed [rocketchat-tcp-protocol.fed] success',
    'protocol Value=http [http] success',
  ]);
});

test('the subdomain follows the public suffix list; the cron’s names', () => {
  expect(federationSubdomain('example.com')).toBe('');
  expect(federationSubdomain('a.b.example.co.uk')).toBe('a.b');
  expect(lookupNames('fed.example.org', 'https', false).srv).toBe('_rocketchat._https.fed.example.org');
  expect(lookupNames('fed.example.org', 'https', true).srv).toBe('_rocketchat._tcp.fed.example.org');
  expect(dnsRecordRows({ ...base, siteUrl: 'not a url' }, false)).toBeUndefined();
});
