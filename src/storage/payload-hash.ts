import { createHash } from 'node:crypto';
import type { MessageFields } from '../model/records.ts';

/** The content identity of a message that has no vendor id (DESIGN.md §3): its type and raw payload. */
export function payloadHash(message: MessageFields): string {
  return createHash('sha256')
    .update(`${message.messageType ?? ''}\n${message.payload ?? ''}`)
    .digest('base64url')
    .slice(0, 22);
}
