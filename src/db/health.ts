/** A quick liveness check of Rocket.Chat's database, bounded in time so callers can answer promptly when it is down. */
import type { Db } from 'mongodb';

/** The outcome of one ping. */
export type DbHealth = { ok: true; latencyMs: number } | { ok: false; error: string };

/** Pings the database; resolves within `timeoutMs` whatever the server does. */
export async function checkDbHealth(db: Db, timeoutMs = 2_000): Promise<DbHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<DbHealth>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `no answer from MongoDB within ${timeoutMs} ms` }), timeoutMs);
  });
  const ping = db
    .command({ ping: 1 })
    .then((): DbHealth => ({ ok: true, latencyMs: Math.round(performance.now() - started) }))
    .catch((error: Error): DbHealth => ({ ok: false, error: error.message.split('\n')[0] ?? error.name }));
  try {
    return await Promise.race([ping, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
