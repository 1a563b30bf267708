import type { FastifyRequest } from 'fastify';

/**
 * The schema validator coerces `Infinity`, `-Infinity` and `1e400` in a query string or path to an infinite
 * number and then passes it through `integer`, `minimum` and `maximum` alike (Ajv's coercion skips those checks
 * for non-finite results), so `limit=Infinity` reached the database and failed there (500). This check runs after
 * validation, on what it produced, and answers as a validation error, which every error handler maps to a 400
 * in its own shape.
 */
export async function rejectNonFiniteNumbers(request: FastifyRequest): Promise<void> {
  for (const [part, values] of [
    ['querystring', request.query],
    ['params', request.params],
  ] as const) {
    if (!values || typeof values !== 'object') continue;
    for (const [name, value] of Object.entries(values)) {
      const all: unknown[] = Array.isArray(value) ? value : [value];
      if (all.some((v) => typeof v === 'number' && !Number.isFinite(v))) {
        const message = `${part}/${name} must be a finite number`;
        throw Object.assign(new Error(message), {
          statusCode: 400,
          validation: [{ instancePath: `/${name}`, message: 'must be a finite number' }],
          validationContext: part,
        });
      }
    }
  }
}
