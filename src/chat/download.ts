/**
 * Downloading an uploaded file as the bot, without ever handing the bot's credentials to anyone but Rocket.Chat.
 *
 * - The first request goes only to the Rocket.Chat origin (ROCKETCHAT_URL); a path that resolves elsewhere is refused
 *   before anything is sent.
 * - Redirects are followed by hand and without credentials: Rocket.Chat answers `/file-upload/…` with a 302 to a
 *   signed URL when S3/Google Cloud Storage uploads are not proxied (apps/meteor/app/file-upload/server/config/AmazonS3.ts
 *   `get` → `FileUpload.redirectToFile` in apps/meteor/app/file-upload/server/lib/FileUpload.ts), and that URL carries
 *   its own signature: the bot's token has no business there.
 * - The body is streamed and cut off at `maxBytes`: memory stays bounded whatever the server (or a redirect target)
 *   sends, with or without a content-length.
 */
import { RestError } from './rest.js';

/** The bot's REST credentials, sent as Rocket.Chat's REST headers. */
export interface DownloadAuth {
  userId: string;
  token: string;
}

/** Limits of one download. */
export interface DownloadLimits {
  maxBytes: number;
  timeoutMs: number;
  /** Redirect hops followed (without credentials) before giving up. */
  maxRedirects?: number;
}

const DEFAULT_MAX_REDIRECTS = 3;

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** Reads a body up to `maxBytes`; past that the stream is cancelled (the connection dropped) and the download refused. */
async function readCapped(response: Response, maxBytes: number, where: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new RestError('GET', where, response.status, `file is ${declared} bytes, over the ${maxBytes}-byte limit`);
  }
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new RestError('GET', where, response.status, `file is over the ${maxBytes}-byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Downloads `path` (server-relative, e.g. `/file-upload/<id>/<name>`) from `origin` as the bot. Throws RestError when
 * the path leaves the origin, a redirect is not http(s), there are too many redirects, the answer is not 2xx, or the body
 * passes `maxBytes`.
 */
export async function downloadFromRocketChat(origin: string, path: string, auth: DownloadAuth | undefined, limits: DownloadLimits): Promise<Buffer> {
  const home = new URL(origin);
  let url = new URL(path, `${origin.replace(/\/+$/, '')}/`);
  const where = url.pathname;
  if (url.origin !== home.origin) throw new RestError('GET', where, 0, 'refused: the file is not on the Rocket.Chat server');
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const maxRedirects = limits.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  // Credentials only on the first request, which is always to Rocket.Chat itself.
  let headers: Record<string, string> = auth ? { 'X-User-Id': auth.userId, 'X-Auth-Token': auth.token } : {};
  for (let hop = 0; ; hop++) {
    const response = await fetch(url, { headers, redirect: 'manual', signal });
    if (isRedirect(response.status)) {
      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      if (!location) throw new RestError('GET', where, response.status, 'redirect without a location');
      if (hop >= maxRedirects) throw new RestError('GET', where, response.status, `more than ${maxRedirects} redirects`);
      const next = new URL(location, url);
      if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new RestError('GET', where, response.status, 'redirect to a non-web address');
      url = next;
      headers = {};
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new RestError('GET', where, response.status, response.statusText || 'download refused');
    }
    return readCapped(response, limits.maxBytes, where);
  }
}
