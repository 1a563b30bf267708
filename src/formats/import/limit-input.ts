import { Transform, type Readable } from 'node:stream';
import { FileFormatError } from './file-item.ts';

/** A file longer than the body limit: reading stops at the limit, what came before it was already imported. */
export class InputTooLargeError extends FileFormatError {
  constructor(readonly limit: number) {
    super(`byte ${limit}`, `the file is larger than the body limit of ${limit} bytes`);
  }
}

/**
 * The input as a stream that fails with InputTooLargeError once more than `limit` bytes have passed, so that a
 * streamed upload obeys the same limit as a buffered body without ever holding more than one chunk. The rest
 * of the input is read and dropped, so that the answer can still be sent on the same connection.
 */
export function limitInput(input: Readable, limit: number): Readable {
  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen <= limit) return callback(null, chunk);
      input.unpipe(limited);
      input.resume();
      callback(new InputTooLargeError(limit));
    },
  });
  input.once('error', (err) => limited.destroy(err));
  return input.pipe(limited);
}
