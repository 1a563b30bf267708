import { describe, expect, it } from 'vitest';
import { addExamples } from './examples.ts';

const paths = () => ({
  '/things': {
    post: {
      operationId: 'postThings',
      requestBody: { content: { 'application/json': {}, 'application/x-ndjson': {} } },
      responses: {
        '201': { content: { 'application/json': {}, 'text/csv': {} } },
        '400': { content: { 'application/json': {} } },
      },
    },
    get: { operationId: 'getThings', responses: { '200': { content: { 'text/csv': {} } } } },
  },
});

describe('addExamples', () => {
  it('puts the request on every body type and the answer on the success JSON, or its only type', () => {
    const doc = paths();
    addExamples(doc, {
      postThings: { request: [{ a: 1 }], response: { id: 1 } },
      getThings: { response: 'id\n1\n' },
    });
    const post = doc['/things'].post;
    expect(post.requestBody.content['application/json']).toEqual({ example: [{ a: 1 }] });
    expect(post.requestBody.content['application/x-ndjson']).toEqual({ example: [{ a: 1 }] });
    expect(post.responses['201'].content).toEqual({
      'application/json': { example: { id: 1 } },
      'text/csv': {},
    });
    expect(post.responses['400'].content['application/json']).toEqual({});
    expect(doc['/things'].get.responses['200'].content['text/csv']).toEqual({ example: 'id\n1\n' });
  });

  it('puts further answers by status on their JSON or only type, or by status and type on that type', () => {
    const doc = paths();
    addExamples(doc, {
      postThings: { answers: { '400': { error: 'bad' }, '201 text/csv': 'id\n1\n' } },
    });
    const post = doc['/things'].post;
    expect(post.responses['400'].content['application/json']).toEqual({ example: { error: 'bad' } });
    expect(post.responses['201'].content).toEqual({
      'application/json': {},
      'text/csv': { example: 'id\n1\n' },
    });
  });

  it('refuses examples the document has no place for', () => {
    expect(() => addExamples(paths(), { getGone: { response: {} } })).toThrow(/getGone/);
    expect(() => addExamples(paths(), { getThings: { request: {} } })).toThrow(/takes no body/);
    expect(() => addExamples(paths(), { getThings: { answers: { '404': {} } } })).toThrow(/404 answer/);
    expect(() => addExamples(paths(), { getThings: { answers: { '200 text/xml': '' } } })).toThrow(
      /text\/xml/,
    );
    expect(() => addExamples(paths(), { getThings: { answers: { oops: '' } } })).toThrow(/no status/);
  });
});
