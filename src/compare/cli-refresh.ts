/**
 * `infobot stats --compare --refresh --yes`: Rocket.Chat's fresh snapshot asked over REST from the command line, with
 * the account in ROCKETCHAT_USER/PASSWORD (or USER_ID/AUTH_TOKEN), which needs view-statistics as the Info page does.
 */
import { RestError } from '../chat/rest.js';
import { readRestSnapshot } from '../stats/rest/snapshot.js';
import { baseOf, type ServerInfoOptions, sessionHeaders } from '../stats/server-info.js';
import type { StatisticsSnapshot } from '../stats/snapshot.js';

async function json(response: Response, method: string, path: string): Promise<Record<string, unknown>> {
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new RestError(method, path, response.status, String(body.error ?? body.message ?? response.statusText));
  return body;
}

/** GET /api/v1/statistics?refresh=true with a session's token (`openRestSession`): the account needs view-statistics. */
export async function fetchRefreshedSnapshot(session: ServerInfoOptions): Promise<StatisticsSnapshot> {
  const base = baseOf(session);
  const timeoutMs = session.timeoutMs ?? 120_000;
  const headers = sessionHeaders(session);
  if (!headers['X-Auth-Token']) {
    throw new RestError('GET', 'statistics', 401, 'no credentials: set ROCKETCHAT_USER and ROCKETCHAT_PASSWORD (or ROCKETCHAT_USER_ID and ROCKETCHAT_AUTH_TOKEN)');
  }
  const rest = {
    async get<T>(path: string, query: Record<string, string> = {}): Promise<T> {
      const search = new URLSearchParams(query).toString();
      const response = await fetch(`${base}/api/v1/${path}${search ? `?${search}` : ''}`, { headers, signal: AbortSignal.timeout(timeoutMs) });
      return (await json(response, 'GET', path)) as T;
    },
  };
  return readRestSnapshot(rest, { refresh: true });
}
