import { type TSchema, Type } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import type { Page } from '../../storage/storage.ts';
import { tripRecord } from '../../formats/export/trip-record.ts';
import { dailySummaries, placeVisits } from '../../reports/build.ts';
import { isTimeZone } from '../../reports/local-days.ts';
import { principalOf } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { iso } from '../presenters.ts';
import { errors, IsoTime } from '../schemas.ts';
import type { App } from '../app.ts';
import { timeParam } from './time-param.ts';

/** More rows than this in one report is a range to narrow, not a report anyone reads. */
const MAX_ROWS = 100_000;
const MAX_RANGE = 366 * 86_400_000;

const ReportQuery = Type.Object({
  deviceId: Type.Optional(
    Type.Integer({ description: 'One device; else every device of the group or scope' }),
  ),
  groupId: Type.Optional(Type.Integer({ description: 'Devices of this group (not its subgroups)' })),
  from: Type.Union([IsoTime, Type.Integer()], { description: 'Inclusive; ISO 8601 or epoch ms' }),
  to: Type.Union([IsoTime, Type.Integer()], { description: 'Exclusive; at most 366 days after from' }),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
});
const SummaryQuery = Type.Composite([
  ReportQuery,
  Type.Object({
    tz: Type.Optional(
      Type.String({
        description: 'IANA time zone whose local midnight cuts the days, such as Europe/Zurich',
        default: 'UTC',
      }),
    ),
  }),
]);
type Query = {
  deviceId?: number;
  groupId?: number;
  from: string | number;
  to: string | number;
  format?: string;
  tz?: string;
};

const ms = (t: number | null) => (t == null ? null : iso(t));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function collect<T>(fetch: (cursor: string | null) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page = await fetch(cursor);
    items.push(...page.items);
    if (items.length > MAX_ROWS)
      throw new ApiError('BAD_REQUEST', `more than ${MAX_ROWS} rows: narrow the range`);
    cursor = page.next;
  } while (cursor);
  return items;
}

/** Trips, stops, daily summaries and place visits over a time range, for a device or a group, as JSON or CSV. */
export const reportRoutes = (hub: HubContext) => async (app: App) => {
  const tags = ['reports'];
  const range = (q: Query, scope: string) => {
    const from = timeParam(q.from, 'from')!;
    const to = timeParam(q.to, 'to')!;
    if (to <= from) throw new ApiError('BAD_REQUEST', 'to must be after from');
    if (to - from > MAX_RANGE) throw new ApiError('BAD_REQUEST', 'a report covers at most 366 days');
    return { scope, deviceId: q.deviceId, groupId: q.groupId, from, to, limit: 1000 };
  };
  const send = (reply: FastifyReply, q: Query, name: string, rows: Record<string, unknown>[]) => {
    if (q.format !== 'csv') return { items: rows };
    const columns = rows[0] ? Object.keys(rows[0]) : [];
    const csv = stringify(rows, {
      header: true,
      columns,
      record_delimiter: '\r\n',
      cast: { boolean: String },
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .send(csv);
  };
  const report = (
    path: string,
    summary: string,
    build: (q: Query, scope: string) => Promise<Record<string, unknown>[]>,
    querystring: TSchema = ReportQuery,
  ) =>
    app.get(
      path,
      {
        schema: {
          tags,
          summary,
          querystring,
          produces: ['application/json', 'text/csv'],
          response: {
            200: Type.Object({ items: Type.Array(Type.Record(Type.String(), Type.Unknown())) }),
            ...errors(400, 401),
          },
        },
      },
      async (request, reply) => {
        const q = request.query as Query;
        await hub.derivedUpToDate?.();
        return send(reply, q, path.split('/').pop()!, await build(q, principalOf(request).scope));
      },
    );

  report('/reports/trips', 'Trips overlapping the range', async (q, scope) =>
    (await collect((cursor) => hub.storage.listTrips({ ...range(q, scope), cursor }))).map(tripRecord),
  );

  report('/reports/stops', 'Stops overlapping the range', async (q, scope) =>
    (await collect((cursor) => hub.storage.listStops({ ...range(q, scope), cursor }))).map((s) => ({
      deviceId: s.deviceId,
      startTime: iso(s.startTime),
      endTime: iso(s.endTime),
      latitude: s.lat,
      longitude: s.lon,
      durationSeconds: Math.round(s.duration / 1000),
      placeId: s.placeId,
      open: s.open,
    })),
  );

  report(
    '/reports/summary',
    'Per device and local day: distance, driving and idle time, top speed, trips',
    async (q, scope) => {
      const tz = q.tz ?? 'UTC';
      if (!isTimeZone(tz)) throw new ApiError('BAD_REQUEST', `tz: unknown time zone ${tz}`);
      const r = range(q, scope);
      const trips = await collect((cursor) => hub.storage.listTrips({ ...r, cursor }));
      const stops = await collect((cursor) => hub.storage.listStops({ ...r, cursor }));
      return dailySummaries(trips, stops, r.from, r.to, tz).map((d) => ({
        deviceId: d.deviceId,
        day: d.day,
        distance: round(d.distance),
        drivingSeconds: Math.round(d.drivingTime / 1000),
        idleSeconds: Math.round(d.idleTime / 1000),
        maxSpeed: round(d.maxSpeed),
        trips: d.trips,
      }));
    },
    SummaryQuery,
  );

  report('/reports/place-visits', 'Visits to places: enter, exit, duration', async (q, scope) => {
    const r = range(q, scope);
    const events = await collect((cursor) =>
      hub.storage.listEvents({ ...r, types: ['place-enter', 'place-exit'], cursor }),
    );
    return placeVisits(events).map((v) => ({
      deviceId: v.deviceId,
      placeId: v.placeId,
      placeName: v.placeName,
      enterTime: ms(v.enterTime),
      exitTime: ms(v.exitTime),
      durationSeconds: v.duration == null ? null : Math.round(v.duration / 1000),
    }));
  });
};
