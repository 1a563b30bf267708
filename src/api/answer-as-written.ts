import type { App } from './app.ts';

/**
 * For a vendor facade: its routes' response schemas describe the vendor's answers in the OpenAPI document, and
 * the answers go out as `JSON.stringify` writes what the presenters made. The schema serialiser would drop a
 * field a schema does not name, coerce a value to the type it declares, move required fields ahead of optional
 * ones and refuse an answer lacking one; a client written for the vendor reads the answer the vendor document
 * shows, key order included.
 */
export function answerAsWritten(app: App): void {
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}
