import { EVENT_TYPES } from '../model/records.ts';
import { recordFreeValueProblem } from './free-values.ts';
import { pending, reject, type PipelineBatch, type Stage } from './batch.ts';

/** Earliest time accepted: old GPX files carry dates from 1901, nothing real is older. */
export const EARLIEST_TIME = Date.UTC(1900, 0, 1);
/** Device clocks run ahead a little; a day ahead of the server is a broken clock, not a fix. */
export const MAX_FUTURE_MS = 24 * 3600_000;

const eventTypes = new Set<string>(EVENT_TYPES);

/** Range checks of DESIGN.md §3, and the bounds of free values (free-values.ts); a failing record is rejected with a reason, the rest of the batch goes on. */
export const validate = {
  name: 'validate',
  run(batch: PipelineBatch): void {
    const latest = batch.context.receivedTime + MAX_FUTURE_MS;
    const badTime = (t: number) => !Number.isFinite(t) || t < EARLIEST_TIME || t > latest;
    for (const item of pending(batch)) {
      const { position: p, message: m, events } = item.record;
      if (!p && !m && !events?.length) {
        reject(item, 'EMPTY_RECORD', 'record carries no position, message or event');
      } else if (p && !(Number.isFinite(p.lat) && p.lat >= -90 && p.lat <= 90)) {
        reject(item, 'INVALID_COORDINATES', `lat ${p.lat} is outside [-90, 90]`);
      } else if (p && !(Number.isFinite(p.lon) && p.lon >= -180 && p.lon <= 180)) {
        reject(item, 'INVALID_COORDINATES', `lon ${p.lon} is outside [-180, 180]`);
      } else if (p && badTime(p.fixTime)) {
        reject(
          item,
          'INVALID_TIME',
          `fixTime ${describe(p.fixTime)} is before 1900 or more than a day ahead`,
        );
      } else if (m && badTime(m.deviceTime)) {
        reject(
          item,
          'INVALID_TIME',
          `deviceTime ${describe(m.deviceTime)} is before 1900 or more than a day ahead`,
        );
      } else if (p && negative(p.speed, p.accuracy, p.satellites, p.hdop, p.vdop, p.pdop)) {
        reject(item, 'INVALID_FIELD', 'speed, accuracy, satellites and dilution values cannot be negative');
      } else {
        const bad = events?.find((e) => !eventTypes.has(e.type) || badTime(e.time));
        if (bad) reject(item, 'INVALID_EVENT', `event ${bad.type} at ${describe(bad.time)} is not valid`);
        const free = bad ? null : recordFreeValueProblem(item.record);
        if (free) reject(item, 'INVALID_FIELD', free);
      }
    }
  },
} satisfies Stage;

const negative = (...values: (number | null | undefined)[]) => values.some((v) => v != null && v < 0);

function describe(t: number): string {
  return Number.isFinite(t) && Math.abs(t) < 8.64e15 ? new Date(t).toISOString() : String(t);
}
