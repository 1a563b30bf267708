/**
 * Query parameters that carry a secret somewhere in the hub: receiver secrets (`token`, `secret`), SPOT's
 * `feedPassword`, GPS365's `api_token`, MiX's `auth`, and the usual names of passwords and keys.
 */
const SECRET_PARAMS = new Set([
  'token',
  'secret',
  'password',
  'feedpassword',
  'api_token',
  'apitoken',
  'access_token',
  'auth',
  'key',
  'apikey',
  'api_key',
  'sig',
  'signature',
]);

export const REDACTED = '[redacted]';

/** Whether a query parameter's value must never be written to a log line or an error message. */
export function isSecretParam(name: string): boolean {
  return SECRET_PARAMS.has(name.toLowerCase());
}

/**
 * A URL (absolute, or a path with its query) with the values of secret-bearing query parameters and any
 * user-info password replaced, for log lines and error messages. Everything else is kept as it was sent.
 */
export function redactUrl(url: string): string {
  return redactText(url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@?#]*):[^@/?#]*@/i, `$1:${REDACTED}@`));
}

/**
 * A free text (an error message, a source's last error) with every secret-bearing query parameter it quotes
 * redacted, wherever in the text its URL stands.
 */
export function redactText(text: string): string {
  // A value runs to the next parameter, fragment or blank: all of a secret is hidden, quotes included.
  return text.replace(/([?&])([^=&\s#?]+)=([^&\s#]*)/g, (whole, sep: string, name: string) =>
    isSecretParam(safeDecode(name)) ? `${sep}${name}=${REDACTED}` : whole,
  );
}

/** A parameter name as meant; a malformed escape is checked in its raw form. */
function safeDecode(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
