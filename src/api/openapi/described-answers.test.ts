import { describe, expect, it } from 'vitest';
import { undescribedAnswers } from './described-answers.ts';

const json = (example?: unknown) => ({ content: { 'application/json': { schema: {}, example } } });

describe('undescribedAnswers', () => {
  it('names the operations under the prefixes whose success answer or examples are missing', () => {
    const paths = {
      '/compat/described': { get: { responses: { '200': json({ ok: true }) } } },
      '/compat/no-body': {
        post: {
          responses: {
            '200': { description: 'Done; no body' },
            '404': json({ message: 'no such thing' }),
          },
        },
      },
      '/compat/default': { get: { responses: { '200': { description: 'Default Response' } } } },
      '/compat/schemaless': {
        get: { responses: { '200': { description: 'CSV', content: { 'text/csv': { example: 'a\n' } } } } },
      },
      '/ingest/no-example': {
        post: {
          requestBody: { content: { 'application/json': { schema: {} } } },
          responses: { '200': json() },
        },
      },
      '/ingest/no-success': { post: { responses: { '400': json({ error: 'bad' }) } } },
      '/api/v1/native': { get: { responses: { '200': { description: 'Default Response' } } } },
    };
    expect(undescribedAnswers(paths, ['/compat/', '/ingest/'])).toEqual([
      'GET /compat/default: 200 undescribed',
      'GET /compat/default: no example',
      'GET /compat/schemaless: 200 text/csv no schema',
      'POST /ingest/no-example: no example',
      'POST /ingest/no-success: no success answer',
    ]);
  });
});
