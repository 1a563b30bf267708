import { createHash, randomBytes } from 'node:crypto';

/** API tokens: `tw_` and 32 random bytes. High entropy, so one SHA-256 is a sound hash (no salt or stretching). */
export function generateToken(): string {
  return `tw_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** What a list shows of a token so its owner can recognise it. */
export function secretPrefix(secret: string): string {
  return secret.slice(0, 10);
}
