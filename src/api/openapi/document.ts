import type { SwaggerOptions } from '@fastify/swagger';
import { SESSION_COOKIE } from '../../auth/sessions.ts';
import { ERROR_CATALOGUE } from '../errors.ts';
import { addExamples, type ExamplesByOperation } from './examples.ts';
import { toJsonSchema2020 } from './json-schema-2020.ts';
import { NATIVE_EXAMPLES } from './native-examples.ts';
import { nameOperations } from './operation-ids.ts';

/** How a caller proves itself, as OpenAPI describes it; a route names the ones it takes in `security`. */
export type SecurityScheme =
  | { type: 'http'; scheme: 'bearer' | 'basic'; description?: string }
  | { type: 'apiKey'; in: 'query' | 'header' | 'cookie'; name: string; description?: string };

/** Alternatives, each naming the schemes that together admit a caller; `{}` admits a caller without any. */
export type SecurityRequirements = readonly Record<string, readonly string[]>[];

/** The ways in that the core offers: the native API's, and the push receivers' secrets. */
const CORE_SECURITY_SCHEMES: Record<string, SecurityScheme> = {
  bearer: { type: 'http', scheme: 'bearer', description: 'A Trackway API token' },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The web sign-in cookie (POST /api/v1/session)',
  },
  // An API token in the Authorization header under the Token scheme, as some vendor APIs take it
  // (FollowAnalytics: `Authorization: Token <token>`).
  tokenScheme: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'A Trackway API token as `Token <token>`',
  },
  basic: {
    type: 'http',
    scheme: 'basic',
    description:
      'HTTP Basic: for a push receiver, any user name and a receiver secret as the password; for a vendor facade, the pair it names',
  },
  receiverSecret: {
    type: 'apiKey',
    in: 'query',
    name: 'secret',
    description: 'A receiver secret of the source (POST /api/v1/sources/{id}/secrets) in the URL',
  },
  receiverSecretHeader: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Trackway-Secret',
    description: 'A receiver secret of the source in a header',
  },
  deviceToken: {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description: 'A receiver secret as the `token` parameter, as tracking apps send it',
  },
};

/**
 * The OpenAPI 3.1 document of everything the hub serves, built by @fastify/swagger from the route schemas.
 * `securitySchemes` adds the vendors' own ways in (a feed password, a vendor header); `examples` the vendors'
 * examples of their operations, beside the native API's.
 */
export function openapiOptions(
  securitySchemes: Readonly<Record<string, SecurityScheme>>,
  examples: ExamplesByOperation = {},
): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Trackway native API',
        version: '1',
        description:
          'Devices, positions, messages, events, sync and live stream; push receivers and vendor facades. Errors of ' +
          'the native API: `{"error":{"code","message"}}` with codes from the catalogue: ' +
          Object.entries(ERROR_CATALOGUE)
            .map(([code, e]) => `${code} (${e.status}): ${e.description}`)
            .join('; '),
      },
      components: { securitySchemes: { ...CORE_SECURITY_SCHEMES, ...securitySchemes } },
      security: [{ bearer: [] }, { session: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transformObject: (documents) => {
      if (!('openapiObject' in documents)) throw new Error('the hub serves OpenAPI, not Swagger 2');
      const document = toJsonSchema2020(documents.openapiObject);
      nameOperations(document.paths as Parameters<typeof nameOperations>[0]);
      addExamples(document.paths as Parameters<typeof addExamples>[0], { ...NATIVE_EXAMPLES, ...examples });
      return document;
    },
  };
}

/**
 * A push receiver at `…/{sourceId}`: one of the source's receiver secrets, wherever the sending service can put
 * it (src/ingest/push/request-secret.ts).
 */
export const PUSH_SOURCE_SECURITY: SecurityRequirements = [
  { receiverSecret: [] },
  { receiverSecretHeader: [] },
  { bearer: [] },
  { basic: [] },
];

/**
 * A tracking app's receiver (OsmAnd, OwnTracks): a receiver secret as the Basic password or the `token`
 * parameter, or none for a source that takes unauthenticated senders (`{}`: no credential).
 */
export const SENDER_SECURITY: SecurityRequirements = [{}, { basic: [] }, { deviceToken: [] }];
