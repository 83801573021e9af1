/**
 * A TCP proxy in front of the test database that holds back chosen MongoDB commands: a real slow server for the
 * driver (real sockets, real wire protocol), so query time-outs are tested without mocking anything.
 */
import { createServer, type Server, type Socket, connect } from 'node:net';
import { BSON } from 'mongodb';

/** A command as the proxy sees it: its name and the collection it targets. */
export interface SeenCommand {
  name: string;
  collection: unknown;
}

/** The running proxy. */
export interface SlowProxy {
  /** `mongodb://127.0.0.1:<port>/` */
  url: string;
  close(): Promise<void>;
}

const OP_MSG = 2013;

// The first command document of an OP_MSG: header (16 bytes), flagBits (4), then section kind 0 + BSON.
function commandOf(message: Buffer): SeenCommand | undefined {
  if (message.readInt32LE(12) !== OP_MSG || message[20] !== 0) return undefined;
  const length = message.readInt32LE(21);
  const doc = BSON.deserialize(message.subarray(21, 21 + length));
  const name = Object.keys(doc)[0];
  return name ? { name, collection: doc[name] } : undefined;
}

function pipeWithDelays(client: Socket, server: Socket, delayFor: (command: SeenCommand) => number): void {
  let pending = Buffer.alloc(0);
  // Requests leave in order: a held one holds back those behind it.
  let queue = Promise.resolve();
  client.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
      const size = pending.readInt32LE(0);
      const message = pending.subarray(0, size);
      pending = pending.subarray(size);
      const command = commandOf(message);
      const delay = command ? delayFor(command) : 0;
      queue = queue.then(
        () =>
          new Promise<void>((resolve) => {
            setTimeout(() => {
              if (!server.destroyed) server.write(message);
              resolve();
            }, delay);
          }),
      );
    }
  });
  server.pipe(client);
  const end = () => {
    client.destroy();
    server.destroy();
  };
  client.on('error', end).on('close', end);
  server.on('error', end).on('close', end);
}

/** Starts a proxy to `targetUrl` (mongodb://host:port/…) that delays commands by `delayFor(command)` ms. */
export async function startSlowProxy(targetUrl: string, delayFor: (command: SeenCommand) => number): Promise<SlowProxy> {
  const { hostname, port } = new URL(targetUrl.replace(/^mongodb:/, 'http:'));
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    pipeWithDelays(client, upstream, delayFor);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no TCP address');
  return {
    url: `mongodb://127.0.0.1:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
