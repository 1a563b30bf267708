import { describe, expect, it } from 'vitest';
import type { ResolvedRecord } from '../model/ingest.ts';
import type { PipelineBatch } from './batch.ts';
import { dedupe } from './dedupe.ts';

function run(records: ResolvedRecord[]) {
  const batch: PipelineBatch = {
    context: { origin: 'derivation', receivedTime: 0 },
    items: records.map((resolved, index) => ({ index, record: { device: resolved }, resolved })),
  };
  void dedupe.run(batch);
  return batch.items.map((i) => i.outcome?.status ?? 'pending');
}

const fix = { fixTime: 1000, lat: 48.85833, lon: 2.29513 };

describe('dedupe', () => {
  it('marks a repeated position as a duplicate', () => {
    expect(
      run([
        { deviceId: 1, position: fix },
        { deviceId: 1, position: fix },
      ]),
    ).toEqual(['pending', 'duplicate']);
  });

  it('leaves a copy that brings fields to storage, to be merged; one that brings nothing more is a duplicate', () => {
    const rich = { ...fix, speed: 61, course: 271 };
    expect(
      run([
        { deviceId: 1, position: fix },
        { deviceId: 1, position: rich },
        { deviceId: 1, position: { ...fix, speed: 61 } },
      ]),
    ).toEqual(['pending', 'pending', 'duplicate']);
  });
});
