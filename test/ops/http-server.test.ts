import { Registry } from 'prom-client';
import { afterAll, describe, expect, test } from 'vitest';
import { startOpsServer } from '../../src/ops/http-server.js';
import { createLiveness } from '../../src/ops/liveness.js';

const liveness = createLiveness();
afterAll(() => liveness.stop());
const deps = { host: '127.0.0.1', liveness, readiness: () => ({ ready: false, checkedAt: null, checks: [], features: [] }), registry: new Registry() };

describe('the operations endpoint', () => {
  test('a port already taken is refused at start with the variable and the fix', async () => {
    const first = await startOpsServer({ ...deps, port: 0 });
    try {
      await expect(startOpsServer({ ...deps, port: first.port })).rejects.toThrow(
        `INFOBOT_HTTP_PORT ${first.port} is in use: choose another port, or off to serve no endpoint.`,
      );
    } finally {
      await first.close();
    }
  });

  test('serves only GET and HEAD of its three paths; an unready bot answers 503 on /readyz', async () => {
    const server = await startOpsServer({ ...deps, port: 0 });
    try {
      const at = (path: string, method = 'GET') => fetch(`http://127.0.0.1:${server.port}${path}`, { method });
      expect((await at('/readyz')).status).toBe(503);
      expect((await at('/livez', 'HEAD')).status).toBe(200);
      expect((await at('/metrics', 'POST')).status).toBe(405);
      const other = await at('/admin?x=<b>');
      expect(other.status).toBe(404);
      expect(await other.text()).not.toContain('<b>');
    } finally {
      await server.close();
    }
  });
});
