import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../model/records.ts';
import { LiveHub, type LiveMessage } from './hub.ts';

const event = (id: number) => ({ id, type: 'sos' }) as unknown as StoredEvent;

describe('LiveHub', () => {
  it('delivers to subscribers whose scope holds the record, never to siblings', () => {
    const hub = new LiveHub();
    const child: LiveMessage[] = [];
    const sibling: LiveMessage[] = [];
    const root: LiveMessage[] = [];
    hub.subscribe(
      '/1/2/',
      (m) => child.push(m),
      () => {},
    );
    hub.subscribe(
      '/1/3/',
      (m) => sibling.push(m),
      () => {},
    );
    hub.subscribe(
      '/1/',
      (m) => root.push(m),
      () => {},
    );
    hub.publish({ kind: 'event', groupPath: '/1/2/5/', record: event(7) });
    expect(child.map((m) => m.record.id)).toEqual([7]);
    expect(root.map((m) => m.record.id)).toEqual([7]);
    expect(sibling).toEqual([]);
  });

  it('stops delivering after unsubscribe, and ends every stream on close', () => {
    const hub = new LiveHub();
    const got: LiveMessage[] = [];
    let ended = 0;
    const off = hub.subscribe(
      '/1/',
      (m) => got.push(m),
      () => ended++,
    );
    hub.subscribe(
      '/1/',
      () => {},
      () => ended++,
    );
    off();
    hub.publish({ kind: 'event', groupPath: '/1/', record: event(1) });
    expect(got).toEqual([]);
    hub.close();
    expect(ended).toBe(1);
    expect(hub.size).toBe(0);
  });
});
