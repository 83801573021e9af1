/**
 * `npm run bench:hostile`: the worst case of every step that runs on untrusted text before the permission check, for
 * hostile inputs of 5 KB, 100 KB and 5 MB (security review finding 2). Each step runs on every generator's input; the
 * table shows, per step and size, the slowest generator (fastest of `--runs` repetitions, in ms). Every step is linear
 * and bounded, so 5 MB should cost about what 100 KB costs where a step caps what it reads.
 * Options: --sizes 5k,100k,5m  --runs N  --json (one JSON line at the end).
 */
import { generateKeyPairSync } from 'node:crypto';
import yargsParser from 'yargs-parser';
import { commands } from '../../commands/index.js';
import { parseStreamFrame } from '../../src/chat/incoming.js';
import { quoteUntrusted } from '../../src/chat/untrusted-text.js';
import { UserError } from '../../src/dispatch/errors.js';
import { parseCommandLine } from '../../src/dispatch/parse.js';
import { buildRegistry } from '../../src/dispatch/registry.js';
import { closest } from '../../src/dispatch/suggest.js';
import { recognise } from '../../src/dispatch/trigger.js';
import { decodeLicense, LicenseReadError } from '../../src/license/decode.js';
import { licenseFileOf, licenseTextOf, looksLikeLicense } from '../../src/license/flow/recognise.js';

const args = yargsParser(process.argv.slice(2), { string: ['sizes'], number: ['runs'], boolean: ['json'] });
const SIZES: Record<string, number> = { '5k': 5 * 1024, '100k': 100 * 1024, '5m': 5 * 1024 * 1024 };
const sizes = String(args.sizes ?? '5k,100k,5m')
  .split(',')
  .filter((s) => s in SIZES);
const runs = Math.max(1, Number(args.runs ?? 3));

/** Hostile inputs of about `n` characters: the shapes that made a step slow before, and a few more. */
const generators: Record<string, (n: number) => string> = {
  'long word then short words': (n) => `${'A'.repeat(60)}${' a'.repeat(Math.max(0, (n - 60) / 2))}`,
  'RCV3_ repeated': (n) => 'RCV3_'.repeat(n / 5),
  'RCV3_x. repeated': (n) => 'RCV3_x.'.repeat(n / 7),
  'RCV3_eyJ header junk': (n) => `RCV3_eyJhbGciOiJSUzI1NiJ9.${'a.'.repeat(n / 2)}`,
  'one long word': (n) => 'x'.repeat(n),
  'wrapped base64 lines': (n) => `${'QUJD'.repeat(16)}\n`.repeat(n / 65),
  'spaces then a backtick': (n) => `${' '.repeat(n)}x\``,
  backticks: (n) => `${'`'.repeat(n)}x`,
  'unknown flags': (n) => '--a '.repeat(n / 4),
  mentions: (n) => '@all [x](http://ev.il) '.repeat(n / 23),
  'control and bidi characters': (n) => '\u0000\u202e\u200b\u2066x '.repeat(n / 6),
};

const registry = buildRegistry(commands);
const licenseCommand = commands.find((c) => c.name === 'license');
const setting = { roots: registry.roots, botUsername: 'infobot', direct: true };
const licenseKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

/**
 * A text as the pipeline receives it: flat, as JSON.parse makes it from the socket's frame. A string built with a
 * template (`info ${text}`) is a rope that V8 copies whole on first read, which is the bench's cost, not the step's.
 */
const flatMemo = new Map<string, string>();
function flat(prefix: string, text: string): string {
  const key = `${prefix}\u0000${text.length}\u0000${text.slice(0, 32)}`;
  let made = flatMemo.get(key);
  if (made === undefined) {
    made = JSON.parse(JSON.stringify(prefix + text)) as string;
    flatMemo.set(key, made);
  }
  return made;
}

/** The steps, each as the pipeline runs it on a message's text; `prepare` builds its inputs before the clock starts. */
const steps: Record<string, { prepare?(text: string): string[]; run(inputs: string[]): unknown }> = {
  'stream frame → message': {
    run: ([text]) =>
      parseStreamFrame({ msg: 'changed', fields: { eventName: '__my_messages__', args: [{ _id: 'm', rid: 'r', msg: text, u: { _id: 'u', username: 'u' } }, { roomType: 'c' }] } }),
  },
  'leak guard (looksLikeLicense)': { run: ([text]) => looksLikeLicense(text as string, [512]) },
  'license text (licenseTextOf)': { run: ([text]) => licenseTextOf(text as string) },
  'license parse (text → decodeLicense)': {
    prepare: (text) => [flat('license ', text), text],
    run: ([command, text]) => {
      for (const input of [licenseTextOf(command as string), text as string]) {
        try {
          decodeLicense(input, licenseKey, { major: 7, minor: 0 });
        } catch (error) {
          if (!(error instanceof LicenseReadError)) throw error;
        }
      }
    },
  },
  'DM license command accepts it': { run: ([text]) => licenseCommand?.acceptsUntriggered?.({ text, files: [] } as never) ?? licenseFileOf([]) },
  'trigger (recognise)': { prepare: (text) => [flat('/info ', text)], run: ([line]) => recognise(line as string, setting) },
  'parse (+ did-you-mean, echo)': {
    prepare: (text) => [text, flat('info ', text), flat('info usage ', text), flat('info history --days ', text)],
    run: (lines) => {
      for (const line of lines) {
        try {
          parseCommandLine(line, registry);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
        }
      }
    },
  },
  'did-you-mean (closest)': { run: ([text]) => closest((text as string).split(' ', 3), registry.keys.keys()) },
  'echo escaping (quoteUntrusted)': { run: ([text]) => quoteUntrusted(text as string) },
};

function timeOnce(run: (inputs: string[]) => unknown, inputs: string[]): number {
  const started = performance.now();
  run(inputs);
  return performance.now() - started;
}

const results: { step: string; size: string; worstMs: number; input: string }[] = [];
for (const size of sizes) {
  const n = SIZES[size] as number;
  const inputs = Object.entries(generators).map(([name, make]) => [name, flat('', make(n))] as const);
  for (const [stepName, step] of Object.entries(steps)) {
    flatMemo.clear();
    let worst = { ms: 0, input: '' };
    for (const [name, text] of inputs) {
      const prepared = step.prepare?.(text) ?? [text];
      let best = Number.POSITIVE_INFINITY;
      for (let r = 0; r < runs; r++) best = Math.min(best, timeOnce(step.run, prepared));
      if (best > worst.ms) worst = { ms: best, input: name };
    }
    results.push({ step: stepName, size, worstMs: Math.round(worst.ms * 100) / 100, input: worst.input });
  }
}

const width = Math.max(...Object.keys(steps).map((s) => s.length));
console.log(`Worst case per step (ms, fastest of ${runs} runs; the slowest input named) — node ${process.version}`);
console.log(`${'step'.padEnd(width)}  ${sizes.map((s) => s.padStart(28)).join('')}`);
for (const stepName of Object.keys(steps)) {
  const cells = sizes.map((size) => {
    const r = results.find((x) => x.step === stepName && x.size === size);
    return r ? `${r.worstMs.toFixed(2)} (${r.input.slice(0, 18)})`.padStart(28) : ''.padStart(28);
  });
  console.log(`${stepName.padEnd(width)}  ${cells.join('')}`);
}
if (args.json) console.log(JSON.stringify({ bench: 'hostile', runs, results }));
