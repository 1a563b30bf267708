import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** Longest request line we wait for before handing the connection over untouched. */
const MAX_LINE = 16 * 1024;

/** Connections whose first request line was repaired; their responses close the connection. */
export const repaired = new WeakSet<Socket>();

/**
 * Hands a raw connection to `server` after repairing its first request line: some trackers send
 * `POST ?id=…&lat=… HTTP/1.1`, with no path, which Node's HTTP parser refuses before any handler runs.
 * Only the first request is read here; the response to a repaired request closes the connection, so that a
 * client sending the same broken line again does so on a new connection that is repaired as well.
 */
export function acceptRepairingRequestLine(socket: Socket, server: Server): void {
  let head: Buffer = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    head = head.length ? Buffer.concat([head, chunk]) : chunk;
    if (head.indexOf(0x0a) < 0 && head.length < MAX_LINE) return;
    socket.off('data', onData);
    socket.pause();
    const fixed = repairFirstLine(head);
    if (fixed !== head) repaired.add(socket);
    socket.unshift(fixed);
    server.emit('connection', socket);
    socket.resume();
  };
  socket.on('data', onData);
}

/** `METHOD ?query HTTP/1.1` becomes `METHOD /?query HTTP/1.1`; anything else is returned as it is. */
export function repairFirstLine(head: Buffer): Buffer {
  const space = head.indexOf(0x20);
  if (space < 1 || space > 16 || head[space + 1] !== 0x3f /* ? */) return head;
  return Buffer.concat([head.subarray(0, space + 1), Buffer.from('/'), head.subarray(space + 1)]);
}
