import type { Readable } from 'node:stream';
import type { SaxesParser } from 'saxes';
import { FileFormatError } from '../import/file-item.ts';

/**
 * Streams a file through a SAX parser whose handlers push what they read into `out`, and yields it chunk by
 * chunk, so that a large file never sits whole in memory. What was read before a break is good: it is handed
 * over first, then the break is reported with the line where reading stopped.
 */
export async function* feedParser<T>(input: Readable, parser: SaxesParser, out: T[]): AsyncGenerator<T> {
  let first = true;
  input.setEncoding('utf8');
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      // A byte-order mark is not XML; saxes would call it text before the root.
      parser.write(first ? chunk.replace(/^\uFEFF/, '') : chunk);
      first = false;
      yield* out.splice(0);
    }
    parser.close();
  } catch (err) {
    yield* out.splice(0);
    if (err instanceof FileFormatError) throw err;
    throw new FileFormatError(
      `line ${parser.line}`,
      `not well-formed XML: ${(err as Error).message.replace(/^.*?:\d+:\d+: /, '')}`,
    );
  }
  yield* out.splice(0);
}
