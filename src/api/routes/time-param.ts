import { parseTime } from '../../formats/native/parse-time.ts';
import { ApiError } from '../errors.ts';

/** A query-string time (ISO 8601 with zone, or epoch ms) as epoch ms; 400 naming the parameter otherwise. */
export function timeParam(value: string | number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const t = parseTime(typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);
  if (typeof t === 'object') throw new ApiError('BAD_REQUEST', `${name}: ${t.error}`);
  return t;
}
