import { Type } from '@sinclair/typebox';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { App } from './app.ts';
import { answerAsWritten } from './answer-as-written.ts';

// A schema the answers below disagree with in every way the schema serialiser would act on.
const Described = Type.Object({
  id: Type.Integer(),
  name: Type.Optional(Type.String()),
  code: Type.String(),
});

async function served(asWritten: boolean, status: number, body: unknown): Promise<string> {
  const app = Fastify() as unknown as App;
  if (asWritten) answerAsWritten(app);
  app.get(
    '/',
    {
      schema: {
        response: {
          200: Described,
          404: { description: 'Not found', content: { 'application/json': { schema: Described } } },
        },
      },
    },
    async (_request, reply) => reply.status(status as 200).send(body as never),
  );
  try {
    return (await app.inject('/')).body;
  } finally {
    await app.close();
  }
}

describe('answerAsWritten', () => {
  const body = { name: 'tracker', id: 1.5, code: 401, extra: [1, 'two'] };

  it('sends answers as JSON.stringify writes them, whatever the schema of their status says', async () => {
    expect(await served(true, 200, body)).toBe(JSON.stringify(body));
    expect(await served(true, 404, body)).toBe(JSON.stringify(body));
  });

  it('unlike the schema serialiser, which would reorder, coerce and drop', async () => {
    expect(await served(false, 200, body)).toBe('{"id":1,"code":"401","name":"tracker"}');
  });
});
