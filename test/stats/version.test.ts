import { describe, expect, it } from 'vitest';
import { QueryRunner } from '../../src/stats/query-runner.js';
import { NEWEST_KNOWN_VERSION, parseRcVersion, resolveSemantics } from '../../src/stats/version.js';

describe("the Rocket.Chat version's semantics", () => {
  it.each([
    ['6.3.0', { botsAreActiveUsers: true, splitsDiscussionMessages: false, workspacePage: false, legacyFederationCard: true, oplogAlwaysDisabled: false, pre8Fields: true, commitSubject: false }],
    ['6.4.8', { botsAreActiveUsers: false, splitsDiscussionMessages: false, workspacePage: false, legacyFederationCard: false, oplogAlwaysDisabled: false, pre8Fields: true, commitSubject: false }],
    ['6.5.0', { botsAreActiveUsers: false, splitsDiscussionMessages: true, workspacePage: true, legacyFederationCard: false, oplogAlwaysDisabled: false, pre8Fields: true, commitSubject: true }],
    ['7.0.0', { botsAreActiveUsers: false, splitsDiscussionMessages: true, workspacePage: true, legacyFederationCard: false, oplogAlwaysDisabled: false, pre8Fields: true, commitSubject: true }],
    ['8.3.1', { botsAreActiveUsers: false, splitsDiscussionMessages: true, workspacePage: true, legacyFederationCard: false, oplogAlwaysDisabled: true, pre8Fields: false, commitSubject: true }],
  ])('%s', (version, flags) => {
    expect(resolveSemantics({ override: version })).toMatchObject({ ...flags, versionSource: 'override' });
  });

  it('takes the override, then /api/info, then the last snapshot, else assumes the newest known', () => {
    expect(resolveSemantics({ override: '6.3.0', api: '7.1.0', snapshot: '8.0.0' }).version.text).toBe('6.3.0');
    expect(resolveSemantics({ api: '7.1.0', snapshot: '8.0.0' })).toMatchObject({ version: { text: '7.1.0' }, versionSource: 'api' });
    expect(resolveSemantics({ api: 'garbage', snapshot: '8.0.0' })).toMatchObject({ version: { text: '8.0.0' }, versionSource: 'snapshot' });
    expect(resolveSemantics({})).toMatchObject({ version: { text: NEWEST_KNOWN_VERSION }, versionSource: 'assumed' });
  });

  it.each([
    ['7.10.2', { major: 7, minor: 10, patch: 2 }],
    ['v6.5', { major: 6, minor: 5, patch: 0 }],
    ['8.0.0-rc.1', { major: 8, minor: 0, patch: 0 }],
  ])('reads %s', (text, parts) => {
    expect(parseRcVersion(text)).toMatchObject(parts);
  });

  it.each(['', 'latest', '7'])('refuses %j', (text) => {
    expect(parseRcVersion(text)).toBeUndefined();
  });
});

describe('the query runner', () => {
  const runner = (concurrency: number, timeoutMs = 1_000) => new QueryRunner({ db: {} as never, timeoutMs, concurrency });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('keeps at most `concurrency` queries in flight and runs each key once', async () => {
    const queries = runner(2);
    let inFlight = 0;
    let peak = 0;
    let runs = 0;
    const query = async () => {
      runs++;
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(20);
      inFlight--;
      return runs;
    };
    const outcomes = await Promise.all([...Array(6).keys()].map((i) => queries.run(`q${i % 4}`, query)));
    expect(peak).toBe(2);
    expect(runs).toBe(4);
    expect(outcomes[4]).toEqual(outcomes[0]);
  });

  it('gives every query the time budget, the read preference and an abort signal, and reports a time-out as an outcome', async () => {
    const queries = runner(1, 30);
    const seen = await queries.run('options', async (options) => options);
    expect(seen).toMatchObject({ ok: true, value: { maxTimeMS: 30, readPreference: 'secondaryPreferred' } });
    const slow = await queries.run('slow', async ({ signal }) => {
      await sleep(100);
      return signal.aborted;
    });
    expect(slow).toEqual({ ok: false, error: 'timed out after 30 ms', timedOut: true });
    const failing = await queries.run('failing', async () => {
      throw new Error('ns does not exist\nmore detail');
    });
    expect(failing).toEqual({ ok: false, error: 'ns does not exist', timedOut: false });
  });
});
