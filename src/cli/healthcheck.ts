/**
 * `infobot healthcheck`: the container's HEALTHCHECK. Asks this process's /livez on 127.0.0.1 at INFOBOT_HTTP_PORT
 * (default 8080) and exits 0 when it answers 200 within the deadline, 1 otherwise; with INFOBOT_HTTP_PORT=off there
 * is nothing to ask, which is not a failure. Reads no other configuration, so it needs no secret.
 */
import type { CliIo } from './io.js';

export const HEALTHCHECK_USAGE = 'infobot healthcheck';

/** How long /livez may take: below Docker's default healthcheck timeout (30 s) and the probes' (1 s is Kubernetes'). */
const DEADLINE_MS = 3_000;

/** Runs the check; resolves to the exit code. */
export async function runHealthcheck(_args: string[], io: CliIo, deadlineMs = DEADLINE_MS): Promise<number> {
  const setting = io.env.INFOBOT_HTTP_PORT?.trim() || '8080';
  if (setting.toLowerCase() === 'off') {
    io.stdout.write('INFOBOT_HTTP_PORT=off: no endpoint to check\n');
    return 0;
  }
  if (!/^\d{1,5}$/.test(setting)) {
    io.stderr.write(`infobot: INFOBOT_HTTP_PORT=${setting.slice(0, 20)} is not a port\n`);
    return 1;
  }
  try {
    const res = await fetch(`http://127.0.0.1:${setting}/livez`, { signal: AbortSignal.timeout(deadlineMs) });
    const body = (await res.text()).trim();
    (res.ok ? io.stdout : io.stderr).write(`/livez ${res.status} ${body.slice(0, 200)}\n`);
    return res.ok ? 0 : 1;
  } catch (error) {
    io.stderr.write(`infobot: /livez did not answer: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
