/**
 * Rocket.Chat's `/api/info`, when ROCKETCHAT_URL is reachable: the full version, Apps-Engine version and commit details
 * that exist only in the server build. Logged in (user + password, or user id + token) it answers in full when the
 * account holds `view-statistics`; anonymously only `major.minor`.
 */

/** The parts of `/api/info` the engine uses. */
export interface ServerInfo {
  version?: string;
  cloudWorkspaceId?: string;
  /** Rocket.Chat's signed supported-versions list (IWorkspaceInfo), read by the Workspace page's VersionCard. */
  supportedVersions?: { signed?: string };
  info?: {
    version?: string;
    marketplaceApiVersion?: string;
    commit?: { hash?: string; branch?: string; subject?: string; date?: string; tag?: string; author?: string };
  };
}

/** Where and how to ask. */
export interface ServerInfoOptions {
  url: string;
  user?: string;
  password?: string;
  userId?: string;
  authToken?: string;
  timeoutMs?: number;
}

/** /api/info could not be read; the message is one line. */
export class ServerInfoError extends Error {}

async function getJson(url: string, init: RequestInit, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new ServerInfoError(`Rocket.Chat at ${new URL(url).origin} did not answer (${cause}): check ROCKETCHAT_URL.`);
  }
  if (!response.ok) {
    throw new ServerInfoError(`Rocket.Chat answered ${response.status} to ${new URL(url).pathname}: check ROCKETCHAT_URL and the bot's credentials.`);
  }
  return response.json();
}

async function credentials(options: ServerInfoOptions, base: string, timeoutMs: number): Promise<Record<string, string>> {
  if (options.userId && options.authToken) return { 'X-User-Id': options.userId, 'X-Auth-Token': options.authToken };
  if (!options.user || !options.password) return {};
  const body = (await getJson(
    `${base}/api/v1/login`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: options.user, password: options.password }) },
    timeoutMs,
  )) as { data?: { userId?: string; authToken?: string } };
  if (!body.data?.userId || !body.data.authToken) throw new ServerInfoError('Rocket.Chat refused the login: check ROCKETCHAT_USER and ROCKETCHAT_PASSWORD.');
  return { 'X-User-Id': body.data.userId, 'X-Auth-Token': body.data.authToken };
}

/** Fetches /api/info (logging in first when credentials are given). */
export async function fetchServerInfo(options: ServerInfoOptions): Promise<ServerInfo> {
  let base: string;
  try {
    base = new URL(options.url).toString().replace(/\/$/, '');
  } catch {
    throw new ServerInfoError('ROCKETCHAT_URL is not a URL: use the form https://chat.example.com.');
  }
  const timeoutMs = options.timeoutMs ?? 5_000;
  const loggingIn = !(options.userId && options.authToken) && Boolean(options.user && options.password);
  const headers = await credentials(options, base, timeoutMs);
  try {
    return (await getJson(`${base}/api/info`, { headers }, timeoutMs)) as ServerInfo;
  } finally {
    // A password login leaves a resume token on the account: give it back.
    if (loggingIn) await fetch(`${base}/api/v1/logout`, { method: 'POST', headers, signal: AbortSignal.timeout(timeoutMs) }).catch(() => {});
  }
}
