import { describe, expect, test } from 'vitest';
import { licenseFileOf, licenseTextOf, looksLikeLicense, withoutSecret } from '../../src/license/flow/recognise.js';
import { encryptLicenseV2, generateLicenseKeys, makeLicenseV2, makeLicenseV3, signLicenseV3 } from '../support/license-signer.js';

const keys = generateLicenseKeys();
const v3 = signLicenseV3(makeLicenseV3(), keys.privateKeyPem);
const v2 = encryptLicenseV2(makeLicenseV2(), keys.privateKeyPem);
const wrappedV2 = v2.match(/.{1,64}/g)?.join('\n') ?? v2;

describe('finding the license in a message', () => {
  test.each([
    ['a bare v3 license', v3, v3],
    ['`license` followed by it', `license ${v3}`, v3],
    ['a slash command and a code block', `/license \`\`\`\n${v3}\n\`\`\``, v3],
    ['a mention of the bot first', `@infobot license ${v3}`, v3],
    ['a v3 license inside a sentence', `here it is: ${v3} thanks`, v3],
    ['a bare v2 license', v2, v2],
    ['a v2 license wrapped at 64 columns', `license\n${wrappedV2}`, wrappedV2],
  ])('%s', (_, message, expected) => {
    expect(licenseTextOf(message)).toBe(expected);
    expect(looksLikeLicense(message)).toBe(true);
  });

  test('text that is not a license is kept whole after the command word, to be judged (and refused) as it is', () => {
    expect(licenseTextOf('license not a license at all')).toBe('not a license at all');
    expect(licenseTextOf('license')).toBe('');
  });

  test.each([
    ['an ordinary sentence', 'Can someone check our license before Friday? It expires soon.'],
    ['a long paragraph of words', 'lorem ipsum dolor sit amet '.repeat(40)],
    ['a JWT-like word without the prefix', v3.slice(5)],
    ['a base64 block of the wrong size', Buffer.alloc(300, 7).toString('base64')],
  ])('%s does not look like a license', (_, message) => {
    expect(looksLikeLicense(message)).toBe(false);
  });

  test('a .txt file or a text/plain upload can carry a license; other files cannot', () => {
    const file = (name: string, type?: string) => ({ id: name, name, path: `/file-upload/x/${name}`, ...(type && { type }) });
    expect(licenseFileOf([file('photo.png', 'image/png'), file('license.TXT')])?.name).toBe('license.TXT');
    expect(licenseFileOf([file('key', 'text/plain')])?.name).toBe('key');
    expect(licenseFileOf([file('license.pdf', 'application/pdf')])).toBeUndefined();
  });
});

describe('keeping the license out of texts that come back from elsewhere', () => {
  test('a text quoting any long piece of the license is withheld as a whole', () => {
    expect(withoutSecret(`Rocket.Chat said: bad value ${v3.slice(100, 140)}`, v3)).toMatch(/withheld/);
    expect(withoutSecret('POST licenses.add failed with HTTP 400: Invalid license', v3)).toBe('POST licenses.add failed with HTTP 400: Invalid license');
  });
});
