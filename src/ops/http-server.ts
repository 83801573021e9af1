/**
 * The operations endpoint on INFOBOT_HTTP_PORT: GET /livez, /readyz (JSON, 200 or 503) and /metrics (Prometheus text).
 * Nothing else is served, and nothing here reads a request body or echoes what the client sent.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Liveness } from './liveness.js';
import type { ReadinessReport } from './readiness.js';

/** What the endpoints answer from. */
export interface OpsServerDeps {
  port: number;
  /** Default: every interface, as an orchestrator's probes and scrapers reach the pod's address. */
  host?: string;
  liveness: Liveness;
  readiness: () => ReadinessReport;
  registry: Registry;
}

/** A listening server; `port` is the bound one (useful with port 0). */
export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

function json(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${JSON.stringify(body)}\n`);
}

/** Starts listening; rejects when the port cannot be bound (in use, not permitted). */
export async function startOpsServer(deps: OpsServerDeps): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/livez') {
      const live = deps.liveness.current();
      json(res, live.alive ? 200 : 503, live);
    } else if (path === '/readyz') {
      const report = deps.readiness();
      const featuresOff = report.features.filter((f) => !f.on).map((f) => ({ feature: f.name, reason: f.reason }));
      json(res, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'unready', checkedAt: report.checkedAt, checks: report.checks, featuresOff });
    } else if (path === '/metrics') {
      deps.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': deps.registry.contentType });
          res.end(text);
        },
        () => {
          res.writeHead(500).end();
        },
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: /livez, /readyz, /metrics\n');
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'is in use' : error.code === 'EACCES' ? 'may not be bound by this user' : `cannot be bound (${error.code ?? error.message})`;
      reject(new Error(`INFOBOT_HTTP_PORT ${deps.port} ${why}: choose another port, or off to serve no endpoint.`));
    };
    server.once('error', refuse);
    server.listen(deps.port, deps.host, () => {
      server.off('error', refuse);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
