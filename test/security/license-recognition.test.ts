/**
 * Security review findings 4 and 6 (the leak guard deleted certificates and keys, and missed real licenses) and finding 2b
 * (the license-shape scan was quadratic). Pure functions, real keys: openssl makes the certificate, node:crypto the keys.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LicenseReadError, MAX_LICENSE_CHARS, decodeLicense } from '../../src/license/decode.js';
import { licenseTextOf, looksLikeLicense, MAX_SCANNED_CHARS } from '../../src/license/flow/recognise.js';
import { licenseBlockBytes } from '../../src/license/public-key.js';
import { encryptLicenseV2, generateLicenseKeys, makeLicenseV2, makeLicenseV3, signLicenseV3 } from '../support/license-signer.js';

const keys2048 = generateLicenseKeys();
const keys4096 = generateLicenseKeys({ modulusLength: 4096 });
const v3 = signLicenseV3(makeLicenseV3(), keys2048.privateKeyPem);
const v2 = encryptLicenseV2(makeLicenseV2(), keys2048.privateKeyPem);
const v2Of4096 = encryptLicenseV2(makeLicenseV2(), keys4096.privateKeyPem);
const wrap = (text: string, width: number, eol = '\n') => text.match(new RegExp(`.{1,${width}}`, 'g'))?.join(eol) ?? text;

function selfSignedCertificate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'infobot-cert-'));
  try {
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', cert, '-days', '1', '-subj', '/CN=example.test'], {
      stdio: 'ignore',
    });
    return readFileSync(cert, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const jwtPart = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('security review finding 4: the leak guard recognises licenses, not certificates', () => {
  test.each([
    ['a public TLS certificate (openssl, RSA-2048)', () => selfSignedCertificate()],
    ['an RSA-4096 public key', () => keys4096.publicKeyPem],
    ['an RSA-2048 public key', () => keys2048.publicKeyPem],
    ['an RSA-2048 private key', () => keys2048.privateKeyPem],
    ['an RSA-4096 private key', () => keys4096.privateKeyPem],
    ['a 60-letter word and short words', () => `${'A'.repeat(60)}${' a'.repeat(300)}`],
    ['any text with RCV3_x.y.z', () => 'our license key format is RCV3_x.y.z, see the docs'],
    ['RCV3_x. repeated', () => 'RCV3_x.'.repeat(200)],
    ['an RCV3_ token whose JWT header is not RS256', () => `RCV3_${jwtPart({ alg: 'none', typ: 'JWT' })}.${jwtPart({ a: 1 })}.sig`],
    ['an RCV3_ token whose header is not JSON', () => `RCV3_${Buffer.from('hello').toString('base64url')}.abc.def`],
  ])('finding 4 (false positive): %s is not a license', (_, make) => {
    expect(looksLikeLicense(make())).toBe(false);
  });

  test('finding 4 (exact v2): a block counts only at the license key’s size', () => {
    expect(looksLikeLicense(v2, [licenseBlockBytes(keys2048.publicKeyPem)])).toBe(true);
    expect(looksLikeLicense(v2, [licenseBlockBytes(keys4096.publicKeyPem)])).toBe(false);
    expect(looksLikeLicense(v2Of4096, [licenseBlockBytes(keys4096.publicKeyPem)])).toBe(true);
    // A block followed by more base64 of the same run is not a whole block.
    expect(looksLikeLicense(`${v2}\n${'QUJD'.repeat(20)}`)).toBe(false);
  });

  test('finding 4 (exact v3): an RCV3_ token with an RS256 header counts, wherever it is', () => {
    expect(looksLikeLicense(`fyi ${v3} thanks`)).toBe(true);
    expect(licenseTextOf(`fyi ${v3} thanks`)).toBe(v3);
  });
});

describe('security review finding 6: gaps where a real license stayed in a room', () => {
  test.each([
    ['a v2 license (2048-bit key) wrapped at 76 columns', wrap(v2, 76), v2],
    ['a v2 license (4096-bit key) wrapped at 76 columns', wrap(v2Of4096, 76), v2Of4096],
    ['a v2 license wrapped at 64 columns with CRLF line ends', wrap(v2, 64, '\r\n'), v2],
    ['a v2 license wrapped and quoted with >', `> ${wrap(v2, 76, '\n> ')}`, v2],
    ['a zero-width space after RCV3_', v3.replace('RCV3_', 'RCV3_\u200b'), v3],
    ['zero-width joiners sprinkled through a v2 license', v2.replace(/(.{50})/g, '$1\u200d'), v2],
    ['spaces around the dots', v3.replace(/\./g, ' . '), v3],
    ['a v3 license after its name in a sentence', `license: ${v3}.`, v3],
  ])('finding 6 (gap): %s is recognised', (_, message, license) => {
    expect(looksLikeLicense(message)).toBe(true);
    expect(licenseTextOf(message).replace(/[\s>]+/g, '')).toBe(license);
  });

  test('finding 6 (gap): a lowercase rcv3_ prefix is recognised, and kept as typed so it is judged as Rocket.Chat would', () => {
    const lower = `rcv3_${v3.slice(5)}`;
    expect(looksLikeLicense(lower)).toBe(true);
    expect(licenseTextOf(lower)).toBe(lower);
  });
});

describe('security review finding 2b: the license-shape scan is linear', () => {
  // Each of these took from seconds to minutes before (quadratic); linear, they take milliseconds. The test timeout is the
  // bound, with two orders of magnitude of margin for a loaded machine; `npm run bench:hostile` prints the figures.
  const FIVE_MB = 5 * 1024 * 1024;
  test.each([
    ['a 60-letter word then short words', `${'A'.repeat(60)}${' a'.repeat(FIVE_MB / 2)}`],
    ['RCV3_ repeated', 'RCV3_'.repeat(FIVE_MB / 5)],
    ['RCV3_x. repeated', 'RCV3_x.'.repeat(FIVE_MB / 7)],
    ['long base64 lines', `${'QUJD'.repeat(16)}\n`.repeat(FIVE_MB / 65)],
    ['one long base64 word', 'Q'.repeat(FIVE_MB)],
    ['spaces then a backtick', `${' '.repeat(FIVE_MB)}x\``],
    ['backticks then a letter', `${'`'.repeat(FIVE_MB)}x`],
  ])('finding 2b (stall): 5 MB of %s is scanned without stalling', (_, text) => {
    expect(looksLikeLicense(text)).toBe(false);
    expect(licenseTextOf(`license ${text}`).length).toBeLessThanOrEqual(MAX_LICENSE_CHARS);
  }, 10_000);
});

describe('security review finding 2b: what a license step looks at is capped', () => {
  const FIVE_MB = 5 * 1024 * 1024;
  test('finding 2b (cap): the license text of a 5 MB message is taken from its first 16 KiB only', () => {
    const text = licenseTextOf(`license ${'Q'.repeat(FIVE_MB)}`);
    expect(MAX_SCANNED_CHARS).toBeLessThanOrEqual(MAX_LICENSE_CHARS);
    expect(text).toBe('Q'.repeat(MAX_SCANNED_CHARS - 'license '.length));
  });

  test('finding 2b (cap): a license is still found in a long message when it comes first', () => {
    expect(licenseTextOf(`${v3}\n${'x '.repeat(FIVE_MB / 2)}`)).toBe(v3);
  });

  test('finding 2b (cap): the license reader refuses a text longer than any license before reading it', () => {
    const read = () => decodeLicense('Q'.repeat(MAX_LICENSE_CHARS + 1), keys2048.publicKeyPem, { major: 7, minor: 0 });
    expect(read).toThrow(LicenseReadError);
    expect(read).toThrow(/65537 characters long/);
    // At the bound it is read, and refused for what it is.
    expect(() => decodeLicense(v2, keys2048.publicKeyPem, { major: 7, minor: 0 })).not.toThrow();
  });
});
