/** The bot's own look-up against a local resolver double: found, missing, and a resolver that does not answer. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { lookUpFederation } from '../../src/federation/dns-lookup.js';
import { startDnsDouble } from './dns-double.js';

let double: Awaited<ReturnType<typeof startDnsDouble>>;
beforeAll(async () => {
  double = await startDnsDouble(
    new Map([
      ['_rocketchat._https.fed.example.org', [{ type: 'SRV' as const, data: { target: 'chat.example.org', port: 443, priority: 1, weight: 1 } }]],
      ['rocketchat-public-key.fed.example.org', [{ type: 'TXT' as const, data: 'KEY-123' }]],
    ]),
  );
});
afterAll(async () => double?.close());

const names = { srv: '_rocketchat._https.fed.example.org', publicKeyTxt: 'rocketchat-public-key.fed.example.org', protocolTxt: 'rocketchat-tcp-protocol.fed.example.org' };

test('records present are found, the absent protocol TXT is missing', async () => {
  const lookup = await lookUpFederation(names, { servers: [double.server] });
  expect(lookup.srv).toEqual({ state: 'found', records: [{ name: 'chat.example.org', port: 443, priority: 1, weight: 1 }] });
  expect(lookup.publicKeyTxt).toEqual({ state: 'found', records: ['KEY-123'] });
  expect(lookup.protocolTxt).toEqual({ state: 'missing' });
});

test('a resolver that does not answer is a reported failure, not an exception', async () => {
  const { createSocket } = await import('node:dgram');
  const silent = createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  try {
    const lookup = await lookUpFederation(names, { servers: [`127.0.0.1:${silent.address().port}`], timeoutMs: 200 });
    expect(lookup.srv.state).toBe('failed');
    expect(lookup.publicKeyTxt.state).toBe('failed');
  } finally {
    silent.close();
  }
});
