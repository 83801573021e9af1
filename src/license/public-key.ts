/**
 * The public key licenses are checked with: Rocket.Chat's published key by default, or the operator's own
 * (INFOBOT_LICENSE_PUBLIC_KEY: PEM text, or the path of a PEM file) so tests and sandboxes can sign licenses.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

// Rocket.Chat's RSA-4096 license key, published base64-encoded in ee/packages/license/src/token.ts (PUBLIC_KEY_V2);
// v2 and v3 licenses are checked with the same key.
const ROCKETCHAT_LICENSE_KEY_BASE64 =
  'LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0KTUlJQ0lqQU5CZ2txaGtpRzl3MEJBUUVGQUFPQ0FnOEFNSUlDQ2dLQ0FnRUFxV1Nza2Q5LzZ6Ung4a3lQY2ljcwpiMzJ3Mnd4VnV3N3lCVDk2clEvOEQreU1lQ01POXdTU3BIYS85bkZ5d293RXRpZ3B0L3dyb1BOK1ZHU3didHdQCkZYQmVxRWxCbmRHRkFsODZlNStFbGlIOEt6L2hHbkNtSk5tWHB4RUsyUkUwM1g0SXhzWVg3RERCN010eC9pcXMKY2pCL091dlNCa2ppU2xlUzdibE5JVC9kQTdLNC9DSjNvaXUwMmJMNEV4Y2xDSGVwenFOTWVQM3dVWmdweE9uZgpOT3VkOElYWUs3M3pTY3VFOEUxNTdZd3B6Q0twVmFIWDdaSmY4UXVOc09PNVcvYUlqS2wzTDYyNjkrZUlPRXJHCndPTm1hSG56Zmc5RkxwSmh6Z3BPMzhhVm43NnZENUtLakJhaldza1krNGEyZ1NRbUtOZUZxYXFPb3p5RUZNMGUKY0ZXWlZWWjNMZWg0dkVNb1lWUHlJeng5Nng4ZjIveW1QbmhJdXZRdjV3TjRmeWVwYTdFWTVVQ2NwNzF6OGtmUAo0RmNVelBBMElEV3lNaWhYUi9HNlhnUVFaNEdiL3FCQmh2cnZpSkNGemZZRGNKZ0w3RmVnRllIUDNQR0wwN1FnCnZMZXZNSytpUVpQcnhyYnh5U3FkUE9rZ3VyS2pWclhUVXI0QTlUZ2lMeUlYNVVsSnEzRS9SVjdtZk9xWm5MVGEKU0NWWEhCaHVQbG5DR1pSMDFUb1RDZktoTUcxdTBDRm5MMisxNWhDOWZxT21XdjlRa2U0M3FsSjBQZ0YzVkovWAp1eC9tVHBuazlnbmJHOUpIK21mSDM5Um9GdlROaW5Zd1NNdll6dXRWT242OXNPemR3aERsYTkwbDNBQ2g0eENWCks3Sk9YK3VIa29OdTNnMmlWeGlaVU0wQ0F3RUFBUT09Ci0tLS0tRU5EIFBVQkxJQyBLRVktLS0tLQo=';

/** Rocket.Chat's published license public key (SPKI PEM). */
export const ROCKETCHAT_LICENSE_PUBLIC_KEY = Buffer.from(ROCKETCHAT_LICENSE_KEY_BASE64, 'base64').toString('utf8');

/** INFOBOT_LICENSE_PUBLIC_KEY names a file that cannot be read or holds no PEM key. */
export class LicenseKeyConfigError extends Error {}

/** The key to check licenses with: the override from the environment, else Rocket.Chat's own. */
export function resolveLicensePublicKey(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.INFOBOT_LICENSE_PUBLIC_KEY?.trim();
  if (!configured) return ROCKETCHAT_LICENSE_PUBLIC_KEY;
  if (configured.includes('-----BEGIN')) return configured;
  let text: string;
  try {
    text = readFileSync(configured, 'utf8');
  } catch (error) {
    throw new LicenseKeyConfigError(
      `INFOBOT_LICENSE_PUBLIC_KEY is neither PEM text nor a readable file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): ` +
        'set it to the PEM text of the public key or to the path of a .pem file, or unset it to use Rocket.Chat\'s key.',
    );
  }
  if (!text.includes('-----BEGIN')) {
    throw new LicenseKeyConfigError(
      `INFOBOT_LICENSE_PUBLIC_KEY points to ${configured}, which holds no PEM key: use a file that starts with "-----BEGIN PUBLIC KEY-----".`,
    );
  }
  return text;
}

/** The RSA block size of a license key in bytes (its modulus): the exact size of a v2 license's one encrypted block. */
export function licenseBlockBytes(publicKeyPem: string): number {
  return (createPublicKey(publicKeyPem).asymmetricKeyDetails?.modulusLength ?? 4096) / 8;
}
