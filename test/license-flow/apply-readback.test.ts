/**
 * How the outcome of `licenses.add` is read back. The emulator judges a license within the request, so the cases where
 * Rocket.Chat takes its time (its settings watcher runs after the answer) are played here by a scripted server: each
 * read-back returns the next state of a timeline.
 */
import { describe, expect, test } from 'vitest';
import { RestError } from '../../src/chat/rest.js';
import { type ApplyDeps, applyLicense } from '../../src/license/apply.js';
import type { StoredLicense } from '../../src/license/flow/workspace.js';
import { licenseFingerprint } from '../../src/license/verify.js';

const LICENSE = `RCV3_${'a'.repeat(60)}.${'b'.repeat(200)}.${'c'.repeat(80)}`;
const OURS = licenseFingerprint(LICENSE);
const OLD = licenseFingerprint('the previous license');

interface Step {
  stored: StoredLicense;
  /** What licenses.info shows as the active license. */
  active: string;
}

/** A server whose state moves one step along `timeline` at every read-back after licenses.add answered. */
function scripted(before: Step, timeline: Step[], add: () => Promise<unknown> = async () => ({})) {
  let current = before;
  let added = false;
  const posted: unknown[] = [];
  // The wait runs on a clock that only the pauses move: at load 20 a few 5 ms pauses took over the 60 ms wait.
  let clock = 0;
  const deps: ApplyDeps = {
    rest: {
      async get<T>(path: string) {
        expect(path).toBe('licenses.info');
        return { license: { license: { id: current.active } } } as T;
      },
      async post<T>(path: string, body?: unknown) {
        expect(path).toBe('licenses.add');
        posted.push(body);
        const answer = await add();
        added = true;
        return answer as T;
      },
    },
    async stored() {
      if (added && timeline.length) current = timeline.shift() as Step;
      return current.stored;
    },
    waitMs: 60,
    pollMs: 1,
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
  };
  return { deps, posted, unread: () => timeline.length };
}

const step = (fingerprint: string | null, status: string, active: string): Step => ({ stored: { fingerprint, status }, active });

describe('reading back what Rocket.Chat made of the license', () => {
  test('the license is sent as the body of licenses.add, and nothing else', async () => {
    const { deps, posted } = scripted(step(null, '', 'none'), [step(OURS, 'Valid', 'new')]);
    await applyLicense(LICENSE, deps);
    expect(posted).toEqual([{ license: LICENSE }]);
  });

  test('with no license before, "Valid" for the stored license means applied', async () => {
    const { deps } = scripted(step(null, '', 'none'), [step(OURS, '', 'none'), step(OURS, 'Valid', 'new')]);
    expect(await applyLicense(LICENSE, deps)).toMatchObject({ kind: 'valid', status: 'Valid' });
  });

  test('over a valid license, "Valid" proves nothing until the active license changes', async () => {
    const { deps, unread } = scripted(step(OLD, 'Valid', 'old'), [step(OURS, 'Valid', 'old'), step(OURS, 'Valid', 'old'), step(OURS, 'Valid', 'new')]);
    expect(await applyLicense(LICENSE, deps)).toMatchObject({ kind: 'valid', waitedMs: expect.any(Number) });
    expect(unread()).toBe(0);
  });

  test('Rocket.Chat turning the status to Invalid is reported as its rejection', async () => {
    const { deps } = scripted(step(OLD, 'Valid', 'old'), [step(OURS, 'Valid', 'old'), step(OURS, 'Invalid', 'none')]);
    expect(await applyLicense(LICENSE, deps)).toMatchObject({ kind: 'invalid', status: 'Invalid' });
  });

  test('a status that never comes within the wait is reported as unconfirmed, with the status seen', async () => {
    const { deps } = scripted(step(null, '', 'none'), [step(OURS, '', 'none')]);
    expect(await applyLicense(LICENSE, deps)).toMatchObject({ kind: 'unconfirmed', status: '' });
  });

  test('an HTTP error from licenses.add is Rocket.Chat’s refusal, quoted as it answered', async () => {
    const { deps } = scripted(step(null, '', 'none'), [], async () => {
      throw new RestError('POST', 'licenses.add', 400, 'Invalid license');
    });
    expect(await applyLicense(LICENSE, deps)).toEqual({ kind: 'refused', httpStatus: 400, detail: 'POST licenses.add failed with HTTP 400: Invalid license' });
  });

  test('a refusal that quotes the license is withheld', async () => {
    const { deps } = scripted(step(null, '', 'none'), [], async () => {
      throw new RestError('POST', 'licenses.add', 400, `Match error: unexpected ${LICENSE.slice(10, 70)}`);
    });
    const outcome = await applyLicense(LICENSE, deps);
    expect(outcome.kind).toBe('refused');
    expect(JSON.stringify(outcome)).not.toContain(LICENSE.slice(10, 50));
  });

  test('a connection lost during licenses.add: unreachable when the license is not stored, read back when it is', async () => {
    const lost = async () => {
      throw new RestError('POST', 'licenses.add', 0, 'fetch failed (ECONNRESET)');
    };
    const notStored = scripted(step(null, '', 'none'), [], lost);
    expect(await applyLicense(LICENSE, notStored.deps)).toEqual({ kind: 'unreachable', detail: 'POST licenses.add failed: fetch failed (ECONNRESET)' });

    // It arrived before the connection broke: Rocket.Chat stored and validated it.
    const arrived = scripted(step(null, '', 'none'), [], lost);
    arrived.deps.stored = async () => ({ fingerprint: OURS, status: 'Valid' });
    expect(await applyLicense(LICENSE, arrived.deps)).toMatchObject({ kind: 'valid' });
  });

  test('Rocket.Chat failing with HTTP 5xx counts as unreachable: nothing stored, nothing applied', async () => {
    const { deps } = scripted(step(OLD, 'Valid', 'old'), [], async () => {
      throw new RestError('POST', 'licenses.add', 503, 'Service Unavailable');
    });
    expect(await applyLicense(LICENSE, deps)).toMatchObject({ kind: 'unreachable', detail: expect.stringContaining('HTTP 503') });
  });
});
