import { describe, expect, it } from 'vitest';
import type { IngestRecord } from '../model/ingest.ts';
import type { PipelineBatch } from './batch.ts';
import { FREE_VALUE_MAX_BYTES, FREE_VALUE_MAX_DEPTH } from './free-values.ts';
import { EARLIEST_TIME, MAX_FUTURE_MS, validate } from './validate.ts';

const now = Date.UTC(2026, 5, 1);

function outcome(record: IngestRecord) {
  const batch: PipelineBatch = {
    context: { groupId: 1, scopePath: '/1/', sourceId: null, unknownDevices: 'create', receivedTime: now },
    items: [{ index: 0, record }],
  };
  validate.run(batch);
  return batch.items[0]!.outcome;
}

const device = { vendor: 'v', externalId: 'x' };
const position = (p: Partial<NonNullable<IngestRecord['position']>>) => ({
  device,
  position: { fixTime: now, lat: 0, lon: 0, ...p },
});

describe('validate', () => {
  it('accepts the edges of the coordinate ranges', () => {
    expect(outcome(position({ lat: 90, lon: -180 }))).toBeUndefined();
    expect(outcome(position({ lat: -90, lon: 180 }))).toBeUndefined();
  });

  it('rejects coordinates outside the ranges, or not numbers at all', () => {
    expect(outcome(position({ lat: 90.0001 }))).toMatchObject({ code: 'INVALID_COORDINATES' });
    expect(outcome(position({ lon: -180.5 }))).toMatchObject({ code: 'INVALID_COORDINATES' });
    expect(outcome(position({ lat: NaN }))).toMatchObject({ code: 'INVALID_COORDINATES' });
  });

  it('accepts a time a little ahead of the server clock and old dates back to 1900', () => {
    expect(outcome(position({ fixTime: now + MAX_FUTURE_MS }))).toBeUndefined();
    expect(outcome(position({ fixTime: Date.UTC(1901, 11, 13) }))).toBeUndefined();
  });

  it('rejects absurd times', () => {
    expect(outcome(position({ fixTime: now + MAX_FUTURE_MS + 1 }))).toMatchObject({ code: 'INVALID_TIME' });
    expect(outcome(position({ fixTime: EARLIEST_TIME - 1 }))).toMatchObject({ code: 'INVALID_TIME' });
  });

  it('rejects negative speeds and an empty record', () => {
    expect(outcome(position({ speed: -1 }))).toMatchObject({ code: 'INVALID_FIELD' });
    expect(outcome({ device })).toMatchObject({ code: 'EMPTY_RECORD' });
  });

  it('rejects an event of an unknown type', () => {
    const record = { device, events: [{ type: 'party', time: now }] } as unknown as IngestRecord;
    expect(outcome(record)).toMatchObject({ code: 'INVALID_EVENT' });
  });

  it('bounds the depth and size of free values, wherever they are in the record', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(outcome(position({ attributes: deep }))).toMatchObject({
      code: 'INVALID_FIELD',
      reason: expect.stringMatching(/^attributes nests deeper than 32 levels/),
    });
    let edge: Record<string, unknown> = {};
    for (let i = 1; i < FREE_VALUE_MAX_DEPTH; i++) edge = { a: edge };
    expect(outcome(position({ attributes: edge }))).toBeUndefined();
    expect(outcome(position({ attributes: { a: edge } }))).toMatchObject({ code: 'INVALID_FIELD' });

    const big = { text: 'x'.repeat(FREE_VALUE_MAX_BYTES) };
    const message = { deviceTime: now, decoded: big };
    expect(outcome({ device, message } as IngestRecord)).toMatchObject({
      code: 'INVALID_FIELD',
      reason: expect.stringMatching(/^message\.decoded is \d+ bytes/),
    });
    const events = [{ type: 'sos', time: now, key: null, attributes: { a: [[[deep]]] } }];
    expect(outcome({ device, events } as unknown as IngestRecord)).toMatchObject({
      reason: expect.stringMatching(/^events\/0\/attributes nests/),
    });
  });
});
