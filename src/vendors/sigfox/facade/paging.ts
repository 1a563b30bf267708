import type { FastifyRequest } from 'fastify';
import { badRequest } from './errors.ts';

export interface PageParams {
  limit: number;
  offset: number;
  /** Epoch milliseconds, exclusive. */
  before: number | null;
  /** Epoch milliseconds, inclusive. */
  since: number | null;
}

/** The document: "offset: number of … to skip (between 0 and 5000)". */
export const MAX_OFFSET = 5000;
const MAX_LIMIT = 100;

/**
 * Reads limit, offset, before and since. `unit` is how this endpoint counts before/since: seconds for messages
 * and locations (what real clients send and read), milliseconds for status events and failed callbacks.
 */
export function pageParams(request: FastifyRequest, unit: 's' | 'ms', defaultLimit = 100): PageParams {
  const q = request.query as Record<string, string | undefined>;
  const whole = (name: string, fallback: number | null, max = Number.MAX_SAFE_INTEGER) => {
    const v = q[name];
    if (v === undefined || v === '') return fallback;
    if (!/^\d+$/.test(v) || Number(v) > max)
      throw badRequest(`${name} must be a whole number from 0 to ${max}`);
    return Number(v);
  };
  const limit = Math.min(MAX_LIMIT, whole('limit', defaultLimit)!);
  if (limit < 1) throw badRequest('limit must be at least 1');
  const scale = unit === 's' ? 1000 : 1;
  const before = whole('before', null);
  const since = whole('since', null);
  return {
    limit,
    offset: whole('offset', 0, MAX_OFFSET)!,
    before: before == null ? null : before * scale,
    since: since == null ? null : since * scale,
  };
}

/**
 * `paging.next` pointing back at this server: the same request, one page further. Spread into the answer: with no
 * further page there is no `paging` at all ("If a property has no value, it won't appear in the result", 004).
 */
export function nextPage(
  request: FastifyRequest,
  p: PageParams,
  hasMore: boolean,
): { paging?: { next: string } } {
  if (!hasMore || p.offset + p.limit > MAX_OFFSET) return {};
  const url = new URL(request.url, `${request.protocol}://${request.headers.host ?? 'localhost'}`);
  url.searchParams.set('limit', String(p.limit));
  url.searchParams.set('offset', String(p.offset + p.limit));
  return { paging: { next: url.toString() } };
}
