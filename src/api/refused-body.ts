import type { FastifyError } from 'fastify';
import type { App } from './app.ts';

/**
 * A body over its limit is answered 413 at once, but the sender is usually still writing it. Fastify then asks
 * for `Connection: close`, and closing a socket whose peer is still sending resets it: the sender sees EPIPE or
 * ECONNRESET instead of the 413, and retries a body that will never fit. Instead the rest of the body is read and
 * thrown away, up to `bound` bytes (nothing of it is kept, so this costs time on the wire, not memory), and the
 * connection goes on as any other; a sender still writing past the bound is cut off.
 */
export function drainRefusedBodies(app: App, bound: number): void {
  app.addHook('onError', async (request, reply, error: FastifyError) => {
    if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return;
    const raw = request.raw;
    if (raw.readableEnded) return;
    reply.removeHeader('connection');
    let drained = 0;
    raw.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > bound) raw.socket.destroy();
    });
    raw.resume();
  });
}
