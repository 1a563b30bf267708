/** An answer with one of the document's status codes (400, 401, 403, 404) and a message. */
export class SigfoxApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new SigfoxApiError(400, message);
export const notFound = (message: string) => new SigfoxApiError(404, message);
