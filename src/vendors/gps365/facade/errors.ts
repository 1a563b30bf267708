/** A Coordinates API error with the document's codes (document 002 §3), answered in its envelope. */
export class Gps365ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 404,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The envelope (document 002 §3). `code` is a number in the document's `trackers/list` example and a string in
 * every `coordinates/*` one; each endpoint answers as its example shows, errors included.
 */
export function envelope(code: number, codeAsString: boolean, message: string) {
  return {
    response: {
      status: code === 200 ? 'success' : 'error',
      code: codeAsString ? String(code) : code,
      message,
    },
  };
}
