/**
 * A TypeScript entry point compiled once into one JavaScript file, for tests that start it as a child process.
 * `node --import tsx` compiles every module of the program on each start (seconds per start on a loaded 2-core
 * machine, before the program does anything); tsx compiles with esbuild, so compiling the same sources with esbuild
 * once per test file gives the child the same code and leaves the time to the program. Packages stay external and
 * resolve from the repository's node_modules, as they do for the built `dist/`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Inside node_modules, so that the bundle's package imports resolve as the sources' do. */
const outDir = join(root, 'node_modules', '.cache', 'infobot-test-bundles');
const built = new Map<string, Promise<string>>();

/** Compiles `entry` (relative to the repository) once per test process; resolves to the JavaScript file's path. */
export function bundled(entry: string): Promise<string> {
  let path = built.get(entry);
  if (!path) {
    // Several test workers may bundle the same entry at once: each writes a directory of its own.
    const name = basename(entry, '.ts');
    const dir = join(outDir, `${name}-${process.pid}-${randomBytes(3).toString('hex')}`);
    removeOrphans();
    mkdirSync(dir, { recursive: true });
    path = build({
      entryPoints: [join(root, entry)],
      outdir: dir,
      entryNames: '[name]',
      outExtension: { '.js': '.mjs' },
      bundle: true,
      // A module the program imports on demand stays a chunk of its own, loaded on demand, as from dist/.
      splitting: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    }).then(() => join(dir, `${name}.mjs`));
    built.set(entry, path);
  }
  return path;
}

/** Removes the bundles of test processes that have ended (a test worker is killed, not left to clean up). */
function removeOrphans(): void {
  let names: string[] = [];
  try {
    names = readdirSync(outDir);
  } catch {
    return; // nothing bundled yet
  }
  for (const name of names) {
    const pid = Number(/-(\d+)-[0-9a-f]+$/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    rmSync(join(outDir, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
