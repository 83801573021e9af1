/**
 * The deployment kit, checked as CI can without Docker or a cluster: every file parses (the `yaml` package); every
 * variable the manifests give the bot is one its configuration knows, and together they load; secrets come from files
 * that the manifests really mount; the probes and the scrape path answer on a real operations endpoint; the image's
 * HEALTHCHECK command works against one; and the compose file's Rocket.Chat and MongoDB are versions the bot supports
 * (and Rocket.Chat starts on). Running the kit itself needs Docker and Rocket.Chat's images, which CI does not have.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { configVariables, databaseName, loadConfig } from '../../src/config.js';
import { type OpsServer, startOpsServer } from '../../src/ops/http-server.js';
import { createLiveness } from '../../src/ops/liveness.js';
import { isSupportedMongoDb, isSupportedRocketChat, minimumMongoDbFor } from '../../src/supported-versions.js';
import { registeredSetting } from '../emulator/settings-registry.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${repo}${path}`, 'utf8');
/** Node's own variables, which the bot's schema rightly does not know. */
const NODE_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'];

type Env = Record<string, string>;
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML is checked field by field below
type Yaml = any;

/** Compose's `${VAR:-default}` / `${VAR:?message}` / `${VAR}` read as a deployer who set nothing but ADMIN_PASS would get. */
function interpolate(value: unknown): string {
  return String(value).replace(/\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (_, name: string, op: string | undefined, rest: string | undefined) =>
    op === '-' ? (rest ?? '') : `<${name}>`,
  );
}

const compose: Yaml = parse(read('deploy/docker-compose.yml'));
const kubeDocs: Yaml[] = readdirSync(`${repo}deploy/kubernetes`)
  .filter((file) => /\.ya?ml$/.test(file))
  .flatMap((file) => parseAllDocuments(read(`deploy/kubernetes/${file}`)).map((doc) => doc.toJS()));
const kind = (k: string): Yaml => kubeDocs.find((d) => d.kind === k);

/** A stand-in for every secret file: the configuration reads it through this. */
const secretText = (path: string) => (/mongo-url$/.test(path) ? `mongodb://user:pw@mongo:27017/${path.includes('infobot-mongo') ? 'infobot' : 'rocketchat'}` : 'secret');

let ops: OpsServer;
const liveness = createLiveness();
beforeAll(async () => {
  ops = await startOpsServer({
    port: 0,
    host: '127.0.0.1',
    liveness,
    readiness: () => ({ ready: true, checkedAt: null, checks: [], features: [] }),
    registry: new Registry(),
  });
});
afterAll(async () => {
  liveness.stop();
  await ops?.close();
});

async function status(path: string): Promise<number> {
  return (await fetch(`http://127.0.0.1:${ops.port}${path}`)).status;
}

describe('deploy/docker-compose.yml', () => {
  const services = compose.services as Record<string, Yaml>;
  const bot = services.infobot;
  const env: Env = Object.fromEntries(Object.entries(bot.environment as Env).map(([k, v]) => [k, interpolate(v)]));

  test('runs Rocket.Chat, a MongoDB replica set, the bot account setup and the bot', () => {
    expect(Object.keys(services).sort()).toEqual(['infobot', 'infobot-account', 'mongodb', 'rocketchat']);
    expect(services.mongodb.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(String(services.mongodb.healthcheck.test.at(-1))).toMatch(/rs\.initiate\(\{ _id: 'rs0'/);
    expect(interpolate(services.rocketchat.environment.MONGO_URL)).toMatch(/replicaSet=rs0/);
    expect(bot.depends_on['infobot-account'].condition).toBe('service_completed_successfully');
  });

  test('every variable given to the bot is one its configuration knows, and together they load', () => {
    const known = new Set([...configVariables(), ...NODE_VARIABLES]);
    expect(Object.keys(env).filter((name) => !known.has(name))).toEqual([]);
    const config = loadConfig(env, secretText);
    expect(config.httpPort).toBe(8080);
    expect(bot.ports.map((p: string) => p.split(':').at(-1))).toContain(String(config.httpPort));
  });

  test('the bot reads Rocket.Chat’s own database and keeps its store in another', () => {
    const rcUrl = interpolate(services.rocketchat.environment.MONGO_URL);
    expect(env.MONGO_URL).toBe(rcUrl);
    expect(databaseName(env.INFOBOT_MONGO_URL as string)).not.toBe(databaseName(rcUrl));
  });

  test('its password is a mounted secret file, the same the account setup uses', () => {
    const [, name] = /^\/run\/secrets\/(\w+)$/.exec(env.ROCKETCHAT_PASSWORD_FILE ?? '') ?? [];
    expect(name).toBeDefined();
    expect(bot.secrets).toContain(name);
    expect(services['infobot-account'].secrets).toContain(name);
    expect(compose.secrets[name as string].file).toMatch(/^\.\/secrets\//);
    expect(env.ROCKETCHAT_PASSWORD).toBeUndefined();
    expect(services['infobot-account'].environment.BOT_USERNAME).toBe(env.ROCKETCHAT_USER);
    expect(services['infobot-account'].environment.BOT_ROOM).toBe(env.INFOBOT_ROOMS);
  });

  test('Rocket.Chat and MongoDB are versions the bot supports, and a MongoDB this Rocket.Chat starts on', () => {
    const rcTag = String(services.rocketchat.image).split(':').at(-1) as string;
    const mongoTag = (String(services.mongodb.image).split(':').at(-1) as string).replace(/-.*$/, '');
    expect(isSupportedRocketChat(rcTag)).toBe(true);
    expect(isSupportedMongoDb(mongoTag)).toBe(true);
    expect(Number(mongoTag.split('.')[0])).toBeGreaterThanOrEqual(minimumMongoDbFor(rcTag));
  });

  test('every OVERWRITE_SETTING_ names a setting that Rocket.Chat registers, with a value of its type', () => {
    const rcTag = String(services.rocketchat.image).split(':').at(-1) as string;
    const overrides = Object.entries(services.rocketchat.environment as Env).filter(([k]) => k.startsWith('OVERWRITE_SETTING_'));
    expect(overrides.length).toBeGreaterThan(0);
    for (const [key, value] of overrides) {
      const setting = registeredSetting(key.slice('OVERWRITE_SETTING_'.length), rcTag);
      expect(setting, key).toBeDefined();
      if (setting?.type === 'boolean') expect(['true', 'false']).toContain(String(value));
    }
  });
});

describe('deploy/kubernetes', () => {
  const deployment = kind('Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const env = container.env as { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];
  const secret = kind('Secret');

  test('a Deployment of two replicas, with resource requests and a non-root, read-only container', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(8);
  });

  test('every variable is one the configuration knows, secrets come from the Secret, and they load', () => {
    const known = new Set([...configVariables(), ...NODE_VARIABLES]);
    expect(env.map((e) => e.name).filter((name) => !known.has(name))).toEqual([]);
    const secretKeys = Object.keys(secret.stringData);
    for (const e of env.filter((x) => x.valueFrom)) {
      expect(e.valueFrom?.secretKeyRef.name).toBe(secret.metadata.name);
      expect(secretKeys).toContain(e.valueFrom?.secretKeyRef.key);
    }
    const mount = container.volumeMounts.find((m: Yaml) => pod.volumes.find((v: Yaml) => v.name === m.name)?.secret);
    const volume = pod.volumes.find((v: Yaml) => v.name === mount.name);
    expect(volume.secret.secretName).toBe(secret.metadata.name);
    const files = env.filter((e) => e.name.endsWith('_FILE'));
    expect(files.map((e) => e.name).sort()).toEqual(['INFOBOT_MONGO_URL_FILE', 'MONGO_URL_FILE', 'ROCKETCHAT_AUTH_TOKEN_FILE']);
    for (const e of files) {
      const item = volume.secret.items.find((i: Yaml) => `${mount.mountPath}/${i.path}` === e.value);
      expect(item, e.name).toBeDefined();
      expect(secretKeys).toContain(item.key);
    }
    const values: Env = Object.fromEntries(env.map((e) => [e.name, e.value ?? `<${e.valueFrom?.secretKeyRef.key}>`]));
    expect(loadConfig(values, secretText).httpPort).toBe(Number(values.INFOBOT_HTTP_PORT));
  });

  test('the probes and the metrics port point at the endpoints the bot serves', async () => {
    const port = container.ports.find((p: Yaml) => p.name === 'metrics');
    expect(port.containerPort).toBe(Number(env.find((e) => e.name === 'INFOBOT_HTTP_PORT')?.value));
    expect(container.livenessProbe.httpGet).toEqual({ path: '/livez', port: 'metrics' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/livez', port: 'metrics' });
    for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) expect(await status(probe.httpGet.path)).toBe(200);

    const service = kind('Service');
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
    expect(service.spec.ports).toEqual([expect.objectContaining({ name: 'metrics', targetPort: 'metrics' })]);
    const monitor = kind('ServiceMonitor');
    expect(monitor.spec.selector.matchLabels).toEqual(service.metadata.labels);
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'metrics', path: '/metrics' })]);
    const res = await fetch(`http://127.0.0.1:${ops.port}${monitor.spec.endpoints[0].path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  test('every stage is on Node 22 or 24, while package.json keeps Node 20 supported', () => {
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(/^node:(22|24)-/);
    expect(JSON.parse(read('package.json')).engines.node).toBe('>=20');
  });

  test('the default INFOBOT_DATA_DIR, under the image’s WORKDIR, is a volume owned by the user the bot runs as', () => {
    const workdir = [...dockerfile.matchAll(/^WORKDIR (\S+)$/gm)].at(-1)?.[1];
    const dataDir = `${workdir}/${loadConfig({ ROCKETCHAT_URL: 'http://rc.example', ROCKETCHAT_USER: 'bot', ROCKETCHAT_PASSWORD: 'x' }).dataDir}`;
    expect(dataDir).toBe('/app/data');
    const lines = dockerfile.split('\n');
    const user = lines.findIndex((line) => /^USER /.test(line));
    expect(lines[user]).toBe('USER node');
    const chown = lines.findIndex((line) => line.includes(`chown node:node ${dataDir}`));
    expect(chown).toBeGreaterThan(-1);
    expect(chown).toBeLessThan(user);
    expect(lines).toContain(`VOLUME ["${dataDir}"]`);
  });

    test('its HEALTHCHECK command, run as the image runs it, passes against a live endpoint and fails without one', async () => {
    const [, json] = /^HEALTHCHECK .* CMD (\[.*\])$/m.exec(dockerfile) ?? [];
    const command = JSON.parse(json ?? '[]') as string[];
    expect(command).toEqual(['infobot', 'healthcheck']);
    // Asynchronously: the endpoint answering it lives in this process.
    const run = (port: string) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          `${repo}node_modules/.bin/tsx`,
          [`${repo}src/cli.ts`, ...command.slice(1)],
          // No kill timer: starting the CLI through tsx took over 20 s on the loaded CI machine; the test's limit bounds it.
          { env: { PATH: process.env.PATH, INFOBOT_HTTP_PORT: port }, encoding: 'utf8' },
          (error, stdout, stderr) => resolve({ status: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    // The three starts at once: each is mostly the CLI's start-up, independent of the others.
    // Port 1 is one nothing listens on (privileged and never ours).
    const [up, down, off] = await Promise.all([run(String(ops.port)), run('1'), run('off')]);
    expect(up.stdout).toMatch(/^\/livez 200/);
    expect(up.status).toBe(0);
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(/\/livez did not answer/);
    expect(off.status).toBe(0);
  }, 60_000);
});
