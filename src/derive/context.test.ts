import { afterEach, describe, expect, it } from 'vitest';
import { ContextCache } from './context.ts';
import { openHarness, type Harness } from './testing/harness.ts';

let h: Harness;
afterEach(() => h?.close());

const addYard = (identifier: string) =>
  h.storage.createPlace({
    groupId: h.group.id,
    name: identifier,
    identifier,
    lat: 52.5,
    lon: 13.4,
    radius: 100,
    polygon: null,
  });

describe('ContextCache', () => {
  it('keeps a context until invalidated, so that ingest does not read places on every batch', async () => {
    h = await openHarness();
    const contexts = new ContextCache(h.storage);
    expect((await contexts.get(h.device.id))!.places.shapes).toHaveLength(0);
    await addYard('YARD');
    expect((await contexts.get(h.device.id))!.places.shapes).toHaveLength(0);
    contexts.invalidate();
    expect((await contexts.get(h.device.id))!.places.shapes).toHaveLength(1);
  });

  it('reads a context again once it is older than its time to live', async () => {
    h = await openHarness();
    const contexts = new ContextCache(h.storage, 20);
    expect((await contexts.get(h.device.id))!.places.shapes).toHaveLength(0);
    await addYard('YARD');
    const started = Date.now();
    while ((await contexts.get(h.device.id))!.places.shapes.length === 0) {
      expect(Date.now() - started).toBeLessThan(10_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
  });

  it('answers nothing for a device that does not exist', async () => {
    h = await openHarness();
    expect(await new ContextCache(h.storage).get(h.device.id + 1000)).toBeNull();
  });
});
