/** The examples of one operation: its request body's, its success answer's, and any other answer's. */
export interface OperationExamples {
  /** Set on every media type of the request body (the same value in JSON and in its other encodings). */
  readonly request?: unknown;
  /** Set on the success answer: its `application/json` content, or its only content when it has one other. */
  readonly response?: unknown;
  /**
   * Further answers by status (`'404'`: its JSON content, or its only one) or by status and media type
   * (`'200 text/csv'`): an error answer, or a success answer in its other formats.
   */
  readonly answers?: Readonly<Record<string, unknown>>;
}

/** Examples by operationId: the core's own (native-examples.ts) and each vendor's, from its descriptor. */
export type ExamplesByOperation = Readonly<Record<string, OperationExamples>>;

type Media = { schema?: unknown; example?: unknown };
type Operation = {
  operationId?: string;
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { content?: Record<string, Media> }>;
};

/** The lowest 2xx status an operation documents, the answer a client generator types the call with. */
export function successStatus(responses: Operation['responses']): string | undefined {
  return Object.keys(responses ?? {})
    .filter((status) => /^2\d\d$/.test(status))
    .sort()[0];
}

/**
 * Puts each operation's examples into the document, as the media types' `example`. Throws on an example for an
 * operation the document does not have, or for a body or answer it does not describe, so that a renamed route
 * cannot leave its examples behind unseen.
 */
export function addExamples(
  paths: Record<string, Record<string, Operation>>,
  examples: ExamplesByOperation,
): void {
  const unused = new Set(Object.keys(examples));
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      const id = operation.operationId;
      if (!id || !(id in examples)) continue;
      unused.delete(id);
      const { request, response, answers = {} } = examples[id]!;
      if (request !== undefined) {
        const media = Object.values(operation.requestBody?.content ?? {});
        if (!media.length) throw new Error(`an example request for ${id}, which takes no body`);
        for (const m of media) m.example = request;
      }
      if (response !== undefined) {
        const status = successStatus(operation.responses) ?? '';
        mediaOf(operation, status, undefined, `an example answer for ${id}`).example = response;
      }
      for (const [key, example] of Object.entries(answers)) {
        const [, status, type] = /^(\d{3}|default)(?: (.+))?$/.exec(key) ?? [];
        if (!status) throw new Error(`an example answer for ${id} under ${key}, which is no status`);
        mediaOf(operation, status, type, `an example ${key} answer for ${id}`).example = example;
      }
    }
  }
  if (unused.size) throw new Error(`examples for operations the document lacks: ${[...unused].join(', ')}`);
}

/** The content of an answer of the operation: of the media type given, else its JSON one, else its only one. */
function mediaOf(operation: Operation, status: string, type: string | undefined, what: string): Media {
  const content = operation.responses?.[status]?.content ?? {};
  const types = Object.keys(content);
  const chosen =
    type ??
    (types.includes('application/json') ? 'application/json' : types.length === 1 ? types[0] : undefined);
  const media = chosen === undefined ? undefined : content[chosen];
  if (!media) throw new Error(`${what}, whose ${status} answer has no ${type ?? 'single'} content`);
  return media;
}
