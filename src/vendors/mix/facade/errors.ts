/**
 * An error of the MiX facade: the HTTP status the document gives (413 for a `:since` older than an hour) with
 * its reason phrase and a line saying why, as plain text, since document 003 shows no error body.
 */
export class MixApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 413,
    message: string,
  ) {
    super(message);
  }
}

export const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};
