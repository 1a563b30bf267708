import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-trackway-signature';

/**
 * Signs a delivery (DESIGN.md §6): `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The receiver
 * recomputes it with the shared secret and rejects old timestamps, so a captured request cannot be replayed.
 */
export function signature(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
