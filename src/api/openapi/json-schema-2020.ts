/**
 * Route schemas are JSON Schema draft 7 (TypeBox, checked by Ajv); OpenAPI 3.1 describes bodies in JSON Schema
 * 2020-12. The one difference they use is the tuple: draft 7 writes `items: [a, b]` with `additionalItems`,
 * 2020-12 writes `prefixItems: [a, b]` with `items`. This rewrites a copy of the document, never the schemas
 * that validate requests.
 */
export function toJsonSchema2020<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => toJsonSchema2020(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = toJsonSchema2020(v);
  if (Array.isArray(out.items)) {
    out.prefixItems = out.items;
    if ('additionalItems' in out) out.items = out.additionalItems;
    else delete out.items;
    delete out.additionalItems;
  }
  return out as T;
}
