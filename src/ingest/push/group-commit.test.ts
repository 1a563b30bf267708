import { describe, expect, it } from 'vitest';
import type { IngestContext, IngestRecord, IngestSummary } from '../../model/ingest.ts';
import type { Pipeline } from '../../pipeline/pipeline.ts';
import { GroupCommit } from './group-commit.ts';

const context: IngestContext = {
  groupId: 1,
  scopePath: '/1/',
  sourceId: 7,
  unknownDevices: 'create',
  receivedTime: 0,
};
const record = (id: string, lat = 1): IngestRecord => ({
  device: { vendor: 'osmand', externalId: id },
  position: { fixTime: 1, lat, lon: 1 },
});

/** A pipeline that records each batch and rejects positions with lat 99. */
function fakePipeline() {
  const batches: IngestRecord[][] = [];
  const pipeline = {
    async ingest(records: IngestRecord[]): Promise<IngestSummary> {
      batches.push(records);
      const results = records.map((r, index) =>
        r.position?.lat === 99
          ? ({ index, status: 'rejected', code: 'INVALID_COORDINATES', reason: 'lat 99' } as const)
          : ({ index, status: 'accepted', deviceId: 1, positionId: index, messageId: null } as const),
      );
      return { accepted: 0, merged: 0, duplicate: 0, rejected: 0, results };
    },
  } as unknown as Pipeline;
  return { pipeline, batches };
}

describe('GroupCommit', () => {
  it('commits requests that arrive together in one batch and gives each its own outcomes', async () => {
    const { pipeline, batches } = fakePipeline();
    const g = new GroupCommit(pipeline);
    const [a, b, c] = await Promise.all([
      g.submit([record('a')], context),
      g.submit([record('b', 99), record('b')], context),
      g.submit([record('c')], context),
    ]);
    expect(batches.map((x) => x.length)).toEqual([4]);
    expect(a).toMatchObject([{ index: 0, status: 'accepted' }]);
    expect(b).toMatchObject([
      { index: 0, status: 'rejected', reason: 'lat 99' },
      { index: 1, status: 'accepted' },
    ]);
    expect(c).toMatchObject([{ index: 0, status: 'accepted' }]);
  });

  it('keeps sources apart, and fails only the requests of a batch whose commit fails', async () => {
    const { pipeline, batches } = fakePipeline();
    const failing = {
      ingest: (records: IngestRecord[], ctx: IngestContext) =>
        ctx.sourceId === 8 ? Promise.reject(new Error('disk full')) : pipeline.ingest(records, ctx),
    } as unknown as Pipeline;
    const g = new GroupCommit(failing);
    const ok = g.submit([record('a')], context);
    const bad = g.submit([record('b')], { ...context, sourceId: 8 });
    await expect(bad).rejects.toThrow('disk full');
    await expect(ok).resolves.toHaveLength(1);
    expect(batches).toHaveLength(1);
  });
});
