import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Json } from './api.ts';

const COMPONENTS = '#/components/schemas/';
const DOC = 'urn:trackway:openapi';

/**
 * An Ajv for JSON Schema 2020-12 (OpenAPI 3.1's dialect) in strict mode, holding the document's component
 * schemas: it refuses what 2020-12 does not know (a draft-7 tuple, a boolean `exclusiveMinimum`), which the
 * OpenAPI validators let through inside schemas.
 */
export function schemaChecker(spec: Json) {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, validateFormats: false, allErrors: true });
  ajv.addVocabulary(['example', 'xml', 'discriminator', 'externalDocs']);
  const rewrite = (schema: Json): Json =>
    JSON.parse(JSON.stringify(schema).replaceAll(`"${COMPONENTS}`, `"${DOC}#/$defs/`));
  ajv.addSchema({ $id: DOC, $defs: rewrite(spec.components?.schemas ?? {}) });
  return {
    /** Compiles a schema of the document; throws with Ajv's reason when 2020-12 does not accept it. */
    compile: (schema: Json) => ajv.compile(rewrite(schema)),
    /** The errors of `value` against `schema`, as text; empty when it is valid. */
    errorsOf(schema: Json, value: unknown): string {
      const validate = ajv.compile(rewrite(schema));
      return validate(value) ? '' : ajv.errorsText(validate.errors);
    },
    /** Compiles every component schema. */
    compileComponents: () => ajv.getSchema(DOC),
  };
}

/** Every operation of the document as [`METHOD path`, operation]. */
export function operations(spec: Json): [string, Json][] {
  const out: [string, Json][] = [];
  for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item as Record<string, Json>)) {
      if (['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'].includes(method)) {
        out.push([`${method.toUpperCase()} ${path}`, op]);
      }
    }
  }
  return out;
}

/** Every schema an operation holds inline: parameters, request bodies and responses, by where it is. */
export function operationSchemas(spec: Json): [string, Json][] {
  const out: [string, Json][] = [];
  for (const [name, op] of operations(spec)) {
    for (const p of op.parameters ?? []) if (p.schema) out.push([`${name} ${p.in} ${p.name}`, p.schema]);
    for (const [type, media] of Object.entries((op.requestBody?.content ?? {}) as Record<string, Json>)) {
      if (media.schema) out.push([`${name} body ${type}`, media.schema]);
    }
    for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
      for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Json>)) {
        if (media.schema) out.push([`${name} ${status} ${type}`, media.schema]);
      }
    }
  }
  return out;
}
