/**
 * Applying a license the way Rocket.Chat's own page does: `POST /api/v1/licenses.add` as the bot, which Rocket.Chat
 * validates, stores in `Enterprise_License` and audits. A success there only means the text decoded: Rocket.Chat then
 * judges the license asynchronously and writes `Enterprise_License_Status`, so the outcome is read back (the stored
 * license, the status, and the active license from `licenses.info`) until it shows, within a bounded wait.
 * The license text goes into the request body and nowhere else: no log line, no error, no outcome carries it.
 */
import type { ChatApi } from '../chat/chat-api.js';
import { RestError } from '../chat/rest.js';
import type { StoredLicense } from './flow/workspace.js';
import { withoutSecret } from './flow/recognise.js';
import { licenseFingerprint } from './verify.js';

/** What applying led to; only `valid`, `invalid` and `unconfirmed` mean Rocket.Chat stored the license. */
export type ApplyOutcome =
  /** Rocket.Chat stored the license and reports it valid. */
  | { kind: 'valid'; status: string; waitedMs: number }
  /** Rocket.Chat stored the license but judged it invalid (`Enterprise_License_Status: Invalid`). */
  | { kind: 'invalid'; status: string; waitedMs: number }
  /** Rocket.Chat stored the license but did not report it valid within the wait. */
  | { kind: 'unconfirmed'; status: string; waitedMs: number }
  /** Rocket.Chat answered `licenses.add` with an error: nothing was stored. `detail` is its answer. */
  | { kind: 'refused'; httpStatus: number; detail: string }
  /** Rocket.Chat could not be reached or failed (HTTP 5xx), and the license is not stored. */
  | { kind: 'unreachable'; detail: string };

/** What applying needs: REST as the bot and a reader of what Rocket.Chat stored. */
export interface ApplyDeps {
  rest: Pick<ChatApi, 'get' | 'post'>;
  stored(): Promise<StoredLicense>;
  /** How long to wait for Rocket.Chat's verdict after it accepted the license. */
  waitMs: number;
  /** Pause between two read-backs. */
  pollMs: number;
  sleep?(ms: number): Promise<void>;
  /** The clock the wait is measured on (milliseconds; default Date.now), so a test can move it with `sleep`. */
  now?(): number;
}

interface LicensesInfoBody {
  license?: { license?: unknown; activeModules?: unknown; tags?: unknown; hasValidLicense?: unknown };
}

/** What identifies the active license in `licenses.info`: the license itself (privileged callers), else its effects. */
async function activeLicense(rest: ApplyDeps['rest']): Promise<string | undefined> {
  try {
    const { license } = await rest.get<LicensesInfoBody>('licenses.info');
    if (!license) return undefined;
    return JSON.stringify(license.license ?? { activeModules: license.activeModules, tags: license.tags, valid: license.hasValidLicense });
  } catch {
    // Rocket.Chat before 6.5 has no licenses.info: the stored status alone decides.
    return undefined;
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Applies `text` through Rocket.Chat and reports what Rocket.Chat made of it. */
export async function applyLicense(text: string, deps: ApplyDeps): Promise<ApplyOutcome> {
  const sleep = deps.sleep ?? defaultSleep;
  const clock = deps.now ?? Date.now;
  const fingerprint = licenseFingerprint(text);
  const [activeBefore, storedBefore] = await Promise.all([activeLicense(deps.rest), deps.stored()]);
  const started = clock();

  try {
    await deps.rest.post('licenses.add', { license: text });
  } catch (error) {
    if (!(error instanceof RestError)) throw error;
    const detail = withoutSecret(error.message, text);
    if (error.status > 0 && error.status < 500) return { kind: 'refused', httpStatus: error.status, detail };
    // The request may have arrived before the connection broke: only what Rocket.Chat stored tells.
    const stored = await deps.stored().catch(() => undefined);
    if (stored?.fingerprint !== fingerprint) return { kind: 'unreachable', detail };
  }

  let stored: StoredLicense = storedBefore;
  for (;;) {
    const [now, active] = await Promise.all([deps.stored(), activeLicense(deps.rest)]);
    stored = now;
    const waitedMs = clock() - started;
    if (stored.fingerprint === fingerprint) {
      if (stored.status === 'Invalid') return { kind: 'invalid', status: stored.status, waitedMs };
      // A status already 'Valid' before proves nothing until the active license is seen to change.
      const changed = storedBefore.status !== 'Valid' || (active !== undefined && active !== activeBefore);
      if (stored.status === 'Valid' && changed) return { kind: 'valid', status: stored.status, waitedMs };
    }
    if (waitedMs >= deps.waitMs) break;
    await sleep(deps.pollMs);
  }
  const waitedMs = clock() - started;
  // Rocket.Chat turns a valid status to 'Invalid' when a new license fails; still 'Valid' after the wait means it held.
  if (stored.fingerprint === fingerprint && stored.status === 'Valid') return { kind: 'valid', status: stored.status, waitedMs };
  return { kind: 'unconfirmed', status: stored.status, waitedMs };
}
