/**
 * Security review finding 3 (users could put mentions, links and markdown into the bot's replies) and finding 2a (the
 * did-you-mean step was quadratic). The real parser over the real command registry; what counts as a mention or a link
 * is Rocket.Chat's rule (test/rc/markup.ts).
 */
import { describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.js';
import { quoteUntrusted } from '../../src/chat/untrusted-text.js';
import { UserError } from '../../src/dispatch/errors.js';
import { parseCommandLine } from '../../src/dispatch/parse.js';
import { buildRegistry } from '../../src/dispatch/registry.js';
import { closest } from '../../src/dispatch/suggest.js';
import { channelMentions, clientLinks, outsideCodeSpans, serverUrls, userMentions } from '../rc/markup.js';

const registry = buildRegistry(commands);

function refusal(line: string): string {
  try {
    parseCommandLine(line, registry);
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  throw new Error(`"${line}" parsed`);
}

/** Nothing in `reply` that Rocket.Chat would make a mention or a link, and no code span broken open. */
function expectInert(reply: string): void {
  expect(userMentions(reply)).toEqual([]);
  expect(channelMentions(reply)).toEqual([]);
  expect(serverUrls(reply)).toEqual([]);
  expect(clientLinks(reply)).toEqual([]);
  const hidden = [...reply].filter((c) => {
    const code = c.codePointAt(0) ?? 0;
    return (code < 0x20 && c !== '\n') || code === 0x7f || (code >= 0x200b && code <= 0x200f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
  });
  expect(hidden).toEqual([]);
  // Every backtick pairs into a one-line span: the user's text cannot close one and continue as markdown.
  expect(outsideCodeSpans(reply)).not.toContain('`');
}

describe('security review finding 3: user text never becomes markup in the bot’s voice', () => {
  test.each([
    ['/info @all', 'info @all'],
    ['/info @here', 'info @here'],
    ['/info @all @here', 'info @all @here'],
    ['/info "--x @all"', 'info "--x @all"'],
    ['/info @admin', 'info @admin'],
    ['/info #general', 'info #general'],
    ['/info [login](http://ev.il)', 'info [login](http://ev.il)'],
    ['/info http://ev.il/x', 'info http://ev.il/x'],
    ['/info <http://ev.il|login>', 'info <http://ev.il|login>'],
    ['/info us\\0age', 'info us\u0000age'],
    ['/info \\u202Eegasu', 'info \u202Eegasu'],
    ['/info a`b @all`', 'info a`b @all`'],
  ])('finding 3 (echo): %s is repeated as inert text', (_, line) => {
    const reply = refusal(line);
    expect(reply).toMatch(/^Unknown command( `[^`\n]+`)?\./);
    expectInert(reply);
  });

  test.each([
    ['a backtick and a link in a flag name', 'info --x`[Re-login](https://evil.example/rc-login)`'],
    ['a mention in a flag name', 'info --@all'],
    ['a mention in a --days value', 'info history --days @all'],
    ['a link in a --days value', 'info history --days [click](https://evil.example/phish)'],
    ['a line break in a --days value', 'info history --days "1\n@all"'],
  ])('finding 3 (bad flag): %s is named as inert text', async (_, line) => {
    let reply: string;
    try {
      const parsed = parseCommandLine(line, registry);
      // --days is checked by the command itself, before it touches any service.
      await parsed.command.run({ services: {} } as never, parsed.args);
      throw new Error('accepted');
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      reply = error.message;
    }
    expect(reply).toMatch(/^I could not use /);
    expectInert(reply);
  });

  test('finding 3 (file name): an uploaded file’s name comes back inert, bidi overrides removed', () => {
    const shown = quoteUntrusted('../../etc/passwd\u202Etxt.exe @all [x](https://ev.il).txt');
    expectInert(`I could not read the file ${shown} from Rocket.Chat.`);
    expect(shown).not.toContain('\u202E');
  });
});

describe('security review finding 2a: did-you-mean is bounded', () => {
  const FIVE_MB = 5 * 1024 * 1024;
  // Before, one 1 MB word took 30 s (an n×m matrix per command name); the test timeout is the bound, with a wide margin.
  test('finding 2a (stall): a 5 MB first word gets no suggestion, without stalling', () => {
    expect(closest(['x'.repeat(FIVE_MB)], registry.keys.keys())).toBeUndefined();
    expect(refusal('u'.repeat(FIVE_MB))).toBe('Unknown command.');
  }, 10_000);

  test('finding 2a (stall): 5 MB of words after a command is refused without parsing them all', () => {
    expect(refusal(`info usage ${'--a '.repeat(FIVE_MB / 4)}`)).toMatch(/^That is too much text for `info usage`/);
    expect(refusal(`${'a '.repeat(FIVE_MB / 2)}`)).toMatch(/^Unknown command/);
  }, 10_000);

  test('typos are still suggested', () => {
    expect(refusal('info usgae')).toBe('Unknown command `info usgae`. Did you mean `/info usage`?');
  });
});
