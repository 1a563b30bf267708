import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../../api/auth.ts';
import { faErrors } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    followappsCaller: Principal | null;
  }
}

/** The caller the facade's authentication hook found. */
export function callerOf(request: FastifyRequest): Principal {
  if (!request.followappsCaller) throw faErrors.unauthorized('Invalid API token');
  return request.followappsCaller;
}
