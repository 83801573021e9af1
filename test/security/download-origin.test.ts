/**
 * Security review finding 1 (HIGH): the bot's token went to any host a message named, kept going across redirects to other
 * origins, and a body without content-length was read whole before the size check. Real HTTP servers on loopback, the
 * real REST client (real fetch); "another origin" is another port.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot } from '@rocket.chat/sdk';
import { afterEach, describe, expect, test } from 'vitest';
import { parseStreamFrame } from '../../src/chat/incoming.js';
import { createRestClient } from '../../src/chat/rest.js';

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
}

interface TestServer {
  url: string;
  seen: Seen[];
  /** Bytes the handler managed to write before the client went away. */
  written: () => number;
  close(): Promise<void>;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, count: (n: number) => void) => void): Promise<TestServer> {
  const seen: Seen[] = [];
  let written = 0;
  const server: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    handler(req, res, (n) => {
      written += n;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const s: TestServer = {
    url: `http://127.0.0.1:${port}`,
    seen,
    written: () => written,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(s);
  return s;
}

function restFor(origin: string, timeoutMs = 10_000) {
  const rest = createRestClient(new Bot({ host: origin, useSsl: false }), origin, timeoutMs);
  rest.authenticate('BOTID', 'SECRET-TOKEN');
  return rest;
}

const frame = (message: Record<string, unknown>) => ({
  msg: 'changed',
  fields: { eventName: '__my_messages__', args: [message, { roomType: 'd', roomParticipant: true }] },
});

describe('security review finding 1: the bot’s credentials go to Rocket.Chat only', () => {
  test('finding 1 (SSRF): a file’s download path is built from its id, never from the message’s title_link', async () => {
    const evil = await serve((_req, res) => res.end('RCV3_stolen'));
    const message = parseStreamFrame(
      frame({
        _id: 'm1',
        rid: 'D1',
        msg: '',
        u: { _id: 'u1', username: 'mallory' },
        file: { _id: 'FAKEID1', name: 'license.txt', type: 'text/plain' },
        files: [{ _id: 'FAKEID1', name: 'license.txt', type: 'text/plain' }],
        attachments: [{ title: 'license.txt', title_link: `${evil.url}/file-upload/FAKEID1/license.txt`, type: 'file' }],
      }),
    );
    expect(message?.files).toEqual([{ id: 'FAKEID1', name: 'license.txt', type: 'text/plain', path: '/file-upload/FAKEID1/license.txt' }]);

    const rocketChat = await serve((_req, res) => res.end('the real file'));
    const body = await restFor(rocketChat.url).download(message?.files[0]?.path ?? '', 1024);
    expect(body.toString()).toBe('the real file');
    expect(evil.seen).toEqual([]);
    expect(rocketChat.seen[0]?.headers['x-auth-token']).toBe('SECRET-TOKEN');
  });

  test('finding 1 (SSRF): a path that names another host is refused before anything is sent', async () => {
    const rocketChat = await serve((_req, res) => res.end('x'));
    const evil = await serve((_req, res) => res.end('x'));
    await expect(restFor(rocketChat.url).download(`${evil.url}/file-upload/F1/license.txt`, 1024)).rejects.toThrow(/not on the Rocket\.Chat server/);
    await expect(restFor(rocketChat.url).download(`//${new URL(evil.url).host}/file-upload/F1/x.txt`, 1024)).rejects.toThrow(/not on the Rocket\.Chat server/);
    expect(evil.seen).toEqual([]);
    expect(rocketChat.seen).toEqual([]);
  });

  test('finding 1 (redirect keeps the token): a redirect is followed without the bot’s credentials, as for a signed S3 URL', async () => {
    const storage = await serve((_req, res) => res.end('license text from storage'));
    const rocketChat = await serve((_req, res) => {
      res.writeHead(302, { location: `${storage.url}/bucket/F1?X-Amz-Signature=abc` });
      res.end();
    });
    const body = await restFor(rocketChat.url).download('/file-upload/F1/license.txt', 1024);
    expect(body.toString()).toBe('license text from storage');
    expect(rocketChat.seen[0]?.headers['x-auth-token']).toBe('SECRET-TOKEN');
    expect(storage.seen).toHaveLength(1);
    expect(storage.seen[0]?.path).toBe('/bucket/F1?X-Amz-Signature=abc');
    expect(storage.seen[0]?.headers['x-auth-token']).toBeUndefined();
    expect(storage.seen[0]?.headers['x-user-id']).toBeUndefined();
  });

  test('finding 1 (redirect loop): a chain of redirects stops after a few hops, none of them with credentials', async () => {
    const loop = await serve((req, res) => {
      res.writeHead(302, { location: `/hop${req.url}` });
      res.end();
    });
    const rocketChat = await serve((_req, res) => {
      res.writeHead(302, { location: `${loop.url}/start` });
      res.end();
    });
    await expect(restFor(rocketChat.url).download('/file-upload/F1/license.txt', 1024)).rejects.toThrow(/redirects/);
    expect(loop.seen.length).toBeLessThanOrEqual(3);
    expect(loop.seen.every((s) => s.headers['x-auth-token'] === undefined)).toBe(true);
  });

  test('finding 1 (memory): an endless body without content-length is cut off at the limit, not buffered', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const rocketChat = await serve((_req, res, count) => {
      res.writeHead(200, { 'content-type': 'text/plain' }); // chunked: no content-length
      const pump = () => {
        while (!res.destroyed) {
          count(chunk.length);
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const limit = 64 * 1024;
    await expect(restFor(rocketChat.url, 5_000).download('/file-upload/F1/license.txt', limit)).rejects.toThrow(/over the 65536-byte limit/);
    // What the server could push before the bot hung up: the limit plus socket buffers, nowhere near the endless body.
    expect(rocketChat.written()).toBeLessThan(32 * 1024 * 1024);
  });

  test('finding 1 (memory): a declared content-length over the limit is refused without reading the body', async () => {
    const rocketChat = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) });
      res.end(Buffer.alloc(5 * 1024 * 1024));
    });
    await expect(restFor(rocketChat.url).download('/file-upload/F1/license.txt', 65_536)).rejects.toThrow(/5242880 bytes, over the 65536-byte limit/);
  });
});
