/**
 * Starts one of the two MongoDB-wire test engines as a child process and stops it again.
 * Engines are built once and cached under .cache/test-db, keyed by a hash of their sources,
 * so a second start costs only the process start-up.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export type Engine = 'memory' | 'ferretdb';

/** A running test database. */
export interface TestDb {
  engine: Engine | 'external';
  /** `mongodb://host:port/` without a database name. */
  url: string;
  stop(): Promise<void>;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Where built engines are kept; INFOBOT_TEST_DB_CACHE moves it (the toolchain test points it at an empty folder). */
function cacheDirOf(env: NodeJS.ProcessEnv): string {
  return env.INFOBOT_TEST_DB_CACHE ?? join(root, '.cache', 'test-db');
}
const javaDir = join(root, 'test', 'db', 'java');
const goDir = join(root, 'test', 'db', 'ferretdb');

/** The toolchain an engine needs is missing; the message names what to install. */
export class MissingToolchainError extends Error {}

export function engineFromEnv(env: NodeJS.ProcessEnv = process.env): Engine {
  const name = env.INFOBOT_TEST_DB ?? 'memory';
  if (name !== 'memory' && name !== 'ferretdb') {
    throw new Error(`INFOBOT_TEST_DB must be "memory" or "ferretdb", not "${name}"`);
  }
  return name;
}

/** MONGO_URL wins over the engines: the tests then run against that server and start nothing. */
export async function startTestDb(engine: Engine, env: NodeJS.ProcessEnv = process.env): Promise<TestDb> {
  const external = env.MONGO_URL;
  if (external) return { engine: 'external', url: external, stop: async () => {} };
  const command = engine === 'memory' ? await buildMemoryEngine(env) : await buildFerretEngine(env);
  const dataDir = mkdtempSync(join(dataRoot(), `infobot-${engine}-`));
  const args = engine === 'ferretdb' ? [...command.args, '127.0.0.1:0', dataDir] : command.args;
  const child = spawn(command.file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    const url = await firstUri(child, engine);
    return { engine, url, stop: () => stopChild(child, dataDir) };
  } catch (error) {
    await stopChild(child, dataDir);
    throw error;
  }
}

/**
 * Where an engine keeps its files: a memory file system where the machine has one. FerretDB's SQLite syncs every
 * write to disk; on a disk shared with a loaded machine that wait, not the work, made its writes 2–3× slower (100
 * updates of a few subscriptions: 7.3 s on /tmp, 2.9 s on /dev/shm, load 15). Nothing here needs to outlive the run.
 */
function dataRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

interface Command {
  file: string;
  args: string[];
}

function requireTool(tool: string, probe: string[], env: NodeJS.ProcessEnv, install: string): void {
  const result = spawnSync(tool, probe, { env, stdio: 'ignore' });
  if (result.error || result.status !== 0) {
    throw new MissingToolchainError(
      `The ${tool} command is missing: install ${install}, or set MONGO_URL to a running MongoDB to use that instead.`,
    );
  }
}

function sourceHash(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const result = spawnSync(file, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

export async function buildMemoryEngine(env: NodeJS.ProcessEnv): Promise<Command> {
  const source = join(javaDir, 'src', 'main', 'java', 'MemoryMongo.java');
  const pom = join(javaDir, 'pom.xml');
  const out = join(cacheDirOf(env), `memory-${sourceHash([pom, source])}`);
  const classpathFile = join(out, 'classpath.txt');
  // The large benchmark workspace (1.4 M documents) needs about 8 GB of heap; INFOBOT_TEST_DB_HEAP raises it.
  const javaArgs = (classpath: string) => [
    `-Xmx${env.INFOBOT_TEST_DB_HEAP ?? '8g'}`,
    '-XX:+UseParallelGC',
    '-cp',
    `${out}:${classpath}`,
    'MemoryMongo',
  ];
  if (existsSync(join(out, 'MemoryMongo.class'))) {
    requireTool('java', ['-version'], env, 'a Java 17+ runtime (apt-get install openjdk-17-jre-headless)');
    return { file: 'java', args: javaArgs(readFileSync(classpathFile, 'utf8').trim()) };
  }
  requireTool('java', ['-version'], env, 'a Java 17+ JDK (apt-get install openjdk-17-jdk-headless)');
  requireTool('mvn', ['-v'], env, 'Maven (apt-get install maven)');
  mkdirSync(out, { recursive: true });
  run('mvn', ['-q', '-B', 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`], javaDir, env);
  const classpath = readFileSync(classpathFile, 'utf8').trim();
  run('javac', ['-d', out, '-cp', classpath, source], javaDir, env);
  return { file: 'java', args: javaArgs(classpath) };
}

export async function buildFerretEngine(env: NodeJS.ProcessEnv): Promise<Command> {
  const files = ['main.go', 'go.mod', 'go.sum'].map((f) => join(goDir, f));
  const cacheDir = cacheDirOf(env);
  const binary = join(cacheDir, `ferretdb-${sourceHash(files)}`);
  if (!existsSync(binary)) {
    requireTool('go', ['version'], env, 'Go 1.22+ (apt-get install golang)');
    mkdirSync(cacheDir, { recursive: true });
    run('go', ['build', '-o', `${binary}.tmp`, '.'], goDir, env);
    run('mv', [`${binary}.tmp`, binary], goDir, env);
  }
  return { file: binary, args: [] };
}

function firstUri(child: ChildProcess, engine: Engine): Promise<string> {
  return new Promise((resolveUri, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`${engine} did not start within 60 s:\n${stderr}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const match = /^mongodb:\/\/[^/\s]+\/?/.exec(line.trim());
      if (!match) return;
      clearTimeout(timer);
      const url = match[0].endsWith('/') ? match[0] : `${match[0]}/`;
      resolveUri(url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${engine} exited with code ${code} before it was ready:\n${stderr}`));
    });
  });
}

function stopChild(child: ChildProcess, dataDir: string): Promise<void> {
  return new Promise((done) => {
    const finish = () => {
      rmSync(dataDir, { recursive: true, force: true });
      done();
    };
    if (child.exitCode !== null || child.signalCode !== null) return finish();
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      finish();
    });
    child.stdin?.end();
    child.kill('SIGTERM');
  });
}
