import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are chosen by people, so unlike tokens they get a salted, deliberately slow hash: scrypt with
 * N=2^15, r=8, p=1 (about 32 MiB and tens of milliseconds per check). Stored as `scrypt$N$r$p$salt$hash`
 * (base64url) so the cost can be raised later without breaking the hashes already stored.
 */
const COST = { N: 1 << 15, r: 8, p: 1 };
const KEY_BYTES = 32;
/** Upper bound on the memory a stored hash may ask for: scrypt needs 128 * N * r bytes. */
const MAX_MEMORY = 64 * 1024 * 1024;

/** A password must be long enough to resist guessing when the hash leaks. */
export const MIN_PASSWORD_LENGTH = 10;

function derive(password: string, salt: Buffer, cost: typeof COST): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: MAX_MEMORY };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches `stored`; false (never an error) for a malformed or foreign hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isSafeInteger) || 128 * N * r > MAX_MEMORY) return false;
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await derive(password, Buffer.from(parts[4]!, 'base64url'), { N, r, p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password for a user created without one (the first admin): 18 random bytes, readable and typeable. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Checked when the login is unknown, so that a wrong login takes as long as a wrong password and response
 * times do not tell which logins exist.
 */
export const DUMMY_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
