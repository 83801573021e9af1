import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.js';
import { partitionByAccess } from '../../src/dispatch/guard.js';
import { renderCommandTable, renderHelp } from '../../src/dispatch/help.js';
import { buildRegistry } from '../../src/dispatch/registry.js';

const root = join(import.meta.dirname, '../..');
const START = '<!-- commands:start -->';
const END = '<!-- commands:end -->';

describe('the command declarations', () => {
  test('every file in commands/ is registered in commands/index.ts', async () => {
    const files = (await readdir(join(root, 'commands'))).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    const modules = await Promise.all(files.map(async (f) => (await import(join(root, 'commands', f))).default));
    expect(modules.length).toBeGreaterThan(0);
    for (const [i, module] of modules.entries()) expect(commands, `${files[i]} is not in commands/index.ts`).toContain(module);
  });

  test('they form a valid registry', () => {
    expect(() => buildRegistry(commands)).not.toThrow();
  });

  // The commands that change a Rocket.Chat setting rather than show statistics.
  const SETTING_COMMANDS = ['info enable-slash', 'info disable-slash', 'info confirm', 'info federation settings', 'info federation set', 'info federation enable', 'info federation disable', 'info federation dns'];

  test('every statistics command is gated by view-statistics, as Rocket.Chat gates its Info page', () => {
    for (const c of commands.filter((c) => c.name.startsWith('info') && c.name !== 'info help' && !SETTING_COMMANDS.includes(c.name))) {
      expect(c.permission).toBe('view-statistics');
    }
  });

  test('every setting change is gated by edit-privileged-setting, as Rocket.Chat gates POST settings/:_id, for sender and bot', () => {
    for (const name of SETTING_COMMANDS) {
      const c = commands.find((x) => x.name === name);
      expect(c?.permission).toBe('edit-privileged-setting');
      expect(c?.botPermissions).toEqual(['edit-privileged-setting']);
    }
  });

  test("the README's command table is the one generated from the declarations", async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, `README.md needs the markers ${START} and ${END}`).toBeGreaterThanOrEqual(0);
    const section = readme.slice(start + START.length, end).trim();
    const generated = renderCommandTable(commands);
    expect(section, `replace the README section between the markers with:\n${generated}`).toBe(generated);
  });
});

describe('help', () => {
  const holds = (granted: string[]) => ({ holds: async (_user: string, permission: string) => granted.includes(permission) });

  test('an admin sees every command with its usage and summary', async () => {
    const every = commands.map((c) => c.permission).filter((p) => p !== 'none');
    const { allowed, hidden } = await partitionByAccess(commands, { id: 'u1', username: 'ada' }, holds(every));
    const help = renderHelp(allowed, hidden, 'infobot');
    expect(hidden).toEqual([]);
    for (const c of commands) expect(help).toContain(`\`/${c.usage}\`: ${c.summary}`);
    expect(help).toContain('`@infobot info`');
  });

  test('a user without view-statistics sees only what they may run, and why the rest is hidden', async () => {
    const { allowed, hidden } = await partitionByAccess(commands, { id: 'u2', username: 'bob' }, holds([]));
    const help = renderHelp(allowed, hidden, 'infobot');
    expect(allowed.map((c) => c.name)).toEqual(commands.filter((c) => c.permission === 'none').map((c) => c.name));
    expect(help).not.toContain('`/info usage`');
    expect(help).toContain(`${hidden.length} more commands need the Rocket.Chat permission \`view-statistics\``);
  });
});
