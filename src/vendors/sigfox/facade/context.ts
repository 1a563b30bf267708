import type { FastifyRequest } from 'fastify';
import type { HubContext } from '../../../api/context.ts';
import type { SigfoxCaller } from './auth.ts';

export type FacadeHub = Pick<HubContext, 'storage' | 'state'>;

declare module 'fastify' {
  interface FastifyRequest {
    sigfoxCaller: SigfoxCaller | null;
  }
}

export function callerOf(request: FastifyRequest): SigfoxCaller {
  return request.sigfoxCaller!;
}
