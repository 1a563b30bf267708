import { describe, expect, it } from 'vitest';
import { DOCUMENT_TRIP } from './openapi-examples.ts';
import { DOCUMENT_JSON } from './testing/document-examples.ts';
import { presentTripsJson } from './wire/present-json.ts';

describe('the MiX examples of the OpenAPI document', () => {
  it("are document 003's trip, written as its JSON example shows it", () => {
    expect(presentTripsJson([DOCUMENT_TRIP], { dateFormat: 0, timeZone: 'UTC' })).toBe(DOCUMENT_JSON);
  });
});
