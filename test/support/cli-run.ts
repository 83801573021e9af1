/**
 * `infobot` run as an operator runs it: the CLI (compiled once per test process, see bundle.ts) in a child process
 * with only the environment given (plus PATH, HOME and TZ=UTC), its output collected.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundled } from './bundle.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** One finished run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From the spawn to the exit. */
  ms: number;
}

/** Runs `infobot <args>` with `env`, writing `stdin` (default nothing) to it. */
export async function runInfobot(args: string[], env: Record<string, string | undefined>, stdin?: string): Promise<CliRun> {
  const cli = await bundled('src/cli.ts');
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr, ms: performance.now() - started }));
    child.stdin.end(stdin ?? '');
  });
}
