/**
 * `infobot stats --compare --refresh --yes`: Rocket.Chat's fresh snapshot asked over REST from the command line, with
 * the account in ROCKETCHAT_USER/PASSWORD (or USER_ID/AUTH_TOKEN), which needs view-statistics as the Info page does.
 */
import { RestError } from '../chat/rest.js';
import { readRestSnapshot } from '../stats/rest/snapshot.js';
import type { ServerInfoOptions } from '../stats/server-info.js';
import type { StatisticsSnapshot } from '../stats/snapshot.js';

async function json(response: Response, method: string, path: string): Promise<Record<string, unknown>> {
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new RestError(method, path, response.status, String(body.error ?? body.message ?? response.statusText));
  return body;
}

/** GET /api/v1/statistics?refresh=true as the configured account (a password login is logged out again). */
export async function fetchRefreshedSnapshot(options: ServerInfoOptions): Promise<StatisticsSnapshot> {
  const base = new URL(options.url).toString().replace(/\/$/, '');
  const timeoutMs = options.timeoutMs ?? 120_000;
  let headers: Record<string, string>;
  let loggedIn = false;
  if (options.userId && options.authToken) {
    headers = { 'X-User-Id': options.userId, 'X-Auth-Token': options.authToken };
  } else if (options.user && options.password) {
    const body = await json(
      await fetch(`${base}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: options.user, password: options.password }), signal: AbortSignal.timeout(timeoutMs) }),
      'POST',
      'login',
    );
    const data = body.data as { userId?: string; authToken?: string } | undefined;
    if (!data?.userId || !data.authToken) throw new RestError('POST', 'login', 401, 'the login answer carried no token');
    headers = { 'X-User-Id': data.userId, 'X-Auth-Token': data.authToken };
    loggedIn = true;
  } else {
    throw new RestError('GET', 'statistics', 401, 'no credentials: set ROCKETCHAT_USER and ROCKETCHAT_PASSWORD (or ROCKETCHAT_USER_ID and ROCKETCHAT_AUTH_TOKEN)');
  }
  try {
    const rest = {
      async get<T>(path: string, query: Record<string, string> = {}): Promise<T> {
        const search = new URLSearchParams(query).toString();
        const response = await fetch(`${base}/api/v1/${path}${search ? `?${search}` : ''}`, { headers, signal: AbortSignal.timeout(timeoutMs) });
        return (await json(response, 'GET', path)) as T;
      },
    };
    return await readRestSnapshot(rest, { refresh: true });
  } finally {
    if (loggedIn) await fetch(`${base}/api/v1/logout`, { method: 'POST', headers, signal: AbortSignal.timeout(5_000) }).catch(() => {});
  }
}
