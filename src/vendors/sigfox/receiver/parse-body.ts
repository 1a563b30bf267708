/** A callback body that cannot be read; answered 400 with this message. */
export class CallbackBodyError extends Error {}

/**
 * Reads a callback into flat key/values, whatever the integration chose: a JSON body, a form body, a query
 * string (GET callbacks), or JSON sent as the single key of a form body (seen in real integrations: the JSON
 * URL-encoded with a trailing "=").
 */
export function readCallback(
  raw: string,
  contentType: string | undefined,
  query: Record<string, unknown>,
): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...query };
  const text = raw.trim();
  if (!text) return fields;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || text.startsWith('{')) return { ...fields, ...parseJson(text) };
  const form = new URLSearchParams(text);
  const keys = [...form.keys()];
  if (keys.length === 1 && form.get(keys[0]!) === '' && keys[0]!.trim().startsWith('{')) {
    return { ...fields, ...parseJson(keys[0]!) };
  }
  for (const [k, v] of form) fields[k] = v;
  return fields;
}

function parseJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CallbackBodyError(`the body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CallbackBodyError('the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
