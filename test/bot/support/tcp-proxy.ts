/**
 * A TCP proxy in front of the test database, so a test can "stop" MongoDB for the bot alone (the
 * database server is shared by the whole run) and bring it back on the same address.
 */
import { createServer, type Server, type Socket, connect } from 'node:net';

/** A running proxy; `url` replaces the database server's host:port in a connection string. */
export interface TcpProxy {
  port: number;
  /** The connection string rewritten to go through the proxy. */
  rewrite(mongoUrl: string): string;
  /** Refuses new connections and cuts the open ones, like a stopped server. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  resume(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (host:port) on a free local port. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const sock of [client, upstream]) {
          sockets.add(sock);
          sock.on('close', () => sockets.delete(sock));
          sock.on('error', () => sock.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        const address = s.address();
        if (typeof address === 'object' && address) port = address.port;
        server = s;
        resolve();
      });
    });

  const halt = () =>
    new Promise<void>((resolve) => {
      for (const sock of sockets) sock.destroy();
      sockets.clear();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });

  await listen();
  return {
    get port() {
      return port;
    },
    rewrite(mongoUrl) {
      return mongoUrl.replace(/^(mongodb:\/\/(?:[^@/]*@)?)[^/?]+/, `$1127.0.0.1:${port}`);
    },
    stop: halt,
    resume: listen,
    close: halt,
  };
}
