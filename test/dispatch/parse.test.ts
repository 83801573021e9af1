import { describe, expect, test } from 'vitest';
import { type Command, defineCommand } from '../../src/dispatch/command.js';
import { UserError } from '../../src/dispatch/errors.js';
import { parseCommandLine } from '../../src/dispatch/parse.js';
import { buildRegistry, RegistryError } from '../../src/dispatch/registry.js';
import { closest, editDistance } from '../../src/dispatch/suggest.js';

const run = async () => ({ kind: 'text' as const, text: 'ok' });
const cmd = (name: string, extra: Partial<Command> = {}): Command =>
  defineCommand({ name, summary: `Does ${name}`, usage: name, permission: 'none', where: 'any', run, ...extra });

const registry = buildRegistry([
  cmd('info'),
  cmd('info usage', { usage: 'info usage [--json]', flags: { boolean: ['json'] } }),
  cmd('info deployment'),
  cmd('info help', { aliases: ['help'] }),
  cmd('info license apply', { takesText: true, where: 'dm', sensitive: true }),
]);

function refusal(line: string): UserError {
  try {
    parseCommandLine(line, registry);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error(`"${line}" parsed`);
}

describe('resolving a command line', () => {
  test.each([
    ['info', 'info', {}],
    ['INFO', 'info', {}],
    ['info usage', 'info usage', { json: false }],
    ['info usage --json', 'info usage', { json: true }],
    ['Info Deployment', 'info deployment', {}],
    ['help', 'info help', {}],
    ['', 'info help', {}],
  ])('%j runs %s', (line, name, flags) => {
    const parsed = parseCommandLine(line, registry);
    expect(parsed.command.name).toBe(name);
    expect(parsed.args).toMatchObject({ _: [], ...flags });
  });

  test('free text after a text-taking command is kept exactly as typed', () => {
    const parsed = parseCommandLine('info license apply  eyJhbGc--iOi\nJSUzI1\n', registry);
    expect(parsed.command.name).toBe('info license apply');
    expect(parsed.rawArgs).toBe('eyJhbGc--iOi\nJSUzI1');
  });

  test('a mistyped sub-command gets a did-you-mean', () => {
    const error = refusal('info usgae');
    expect(error.code).toBe('unknown-command');
    expect(error.message).toBe('Unknown command `info usgae`. Did you mean `/info usage`?');
  });

  test('an unknown word with nothing close gets no suggestion', () => {
    expect(refusal('info weather').message).toBe('Unknown command `info weather`.');
  });

  test('an unknown command word is refused too', () => {
    expect(refusal('infp deployment').message).toBe('Unknown command `infp deployment`. Did you mean `/info deployment`?');
  });

  test('a long pasted blob is never echoed back', () => {
    const blob = 'A'.repeat(300);
    const error = refusal(blob);
    expect(error.message).toBe('Unknown command.');
    expect(error.message).not.toContain('AAAA');
  });

  test('an undeclared flag is refused with the usage line', () => {
    const error = refusal('info usage --yaml');
    expect(error.code).toBe('bad-flags');
    expect(error.message).toBe('I could not use `--yaml`: `info usage [--json]` takes `--json`.');
    expect(refusal('info --verbose').message).toContain('takes no flags');
  });
});

describe('registry checks at start', () => {
  test.each([
    [[cmd('info'), cmd('info')], /"info" is declared by both/],
    [[cmd('info'), cmd('status', { aliases: ['info'] })], /"info" is declared by both "info" and "status"/],
    [[cmd('Info')], /lower-case words/],
    [[cmd('info', { summary: 'Ends with a period.' })], /without a trailing period/],
    [[cmd('info', { usage: 'stats' })], /usage must start with its name/],
    [[cmd('info', { acceptsUntriggered: () => true })], /only where: 'dm'/],
  ])('a broken declaration is refused (%#)', (commands, message) => {
    expect(() => buildRegistry(commands)).toThrow(RegistryError);
    expect(() => buildRegistry(commands)).toThrow(message);
  });

  test('the roots are the first words of names; aliases do not claim a /word of their own', () => {
    expect([...registry.roots]).toEqual(['info']);
  });
});

describe('did-you-mean distance', () => {
  test.each([
    ['usage', 'usage', 0],
    ['usgae', 'usage', 1],
    ['usag', 'usage', 1],
    ['deploymnet', 'deployment', 1],
    ['licence', 'license', 1],
    ['abc', 'xyz', 3],
  ])('%s → %s is %i edits', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  test('the closest name wins, far ones are not suggested', () => {
    expect(closest(['info', 'licence'], ['info', 'info license', 'info usage'])).toBe('info license');
    expect(closest(['weather'], ['info', 'info usage'])).toBeUndefined();
  });
});
