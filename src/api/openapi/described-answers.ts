type Media = { schema?: unknown; example?: unknown };
type Operation = {
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The description @fastify/swagger gives a success answer its route did not describe. */
const UNDESCRIBED = 'Default Response';

/**
 * What the operations under the given path prefixes lack, as `METHOD path: what`: a success answer described
 * (a schema for each of its media types, or an answer without a body said to be one), and at least one example
 * of a request or an answer. Receivers and facades answer clients written for a vendor: their answers are the
 * part of the document those clients need.
 */
export function undescribedAnswers(
  paths: Record<string, Record<string, unknown>>,
  prefixes: readonly string[],
): string[] {
  const missing: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!prefixes.some((prefix) => path.startsWith(prefix))) continue;
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const name = `${method.toUpperCase()} ${path}`;
      const answers = Object.entries(operation.responses ?? {});
      const successes = answers.filter(([status]) => /^2\d\d$/.test(status));
      if (!successes.length) missing.push(`${name}: no success answer`);
      for (const [status, answer] of successes) {
        const media = Object.entries(answer.content ?? {});
        if (!media.length && answer.description === UNDESCRIBED)
          missing.push(`${name}: ${status} undescribed`);
        for (const [type, m] of media)
          if (m.schema === undefined) missing.push(`${name}: ${status} ${type} no schema`);
      }
      const examples = [
        ...Object.values(operation.requestBody?.content ?? {}),
        ...answers.flatMap(([, answer]) => Object.values(answer.content ?? {})),
      ].filter((m) => m.example !== undefined);
      if (!examples.length) missing.push(`${name}: no example`);
    }
  }
  return missing;
}
