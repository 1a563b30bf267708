import { queueCallback } from '../../../callbacks/enqueue.ts';
import type { Pipeline } from '../../../pipeline/pipeline.ts';
import type { Storage } from '../../../storage/storage.ts';
import { devicesOfType, sigfoxId } from '../facade/lookup.ts';

export const SILENT_EVENT = 'device-silent';
const MINUTE = 60_000;

/** "2013-10-08 15:36:21", the document's format of the time in the status message (UTC here). */
export function backendTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * keepAlive of the device types: a device silent for that many minutes gets an ERROR status event "No message
 * received since <time>", the KO state, and its type's ERROR callbacks. The event time is when the silence
 * began to count (last seen + keepAlive), so processes checking at once record it once.
 */
export async function checkKeepAlive(storage: Storage, pipeline: Pipeline, now: number): Promise<number> {
  let fired = 0;
  for (const type of await storage.listDeviceTypes('/')) {
    if (type.keepAlive <= 0) continue;
    const callbacks = (await storage.listCallbacks({ deviceTypeId: type.id })).filter(
      (c) => c.kind === 'error' && c.enabled,
    );
    for (const d of await devicesOfType(storage, '/', type.id)) {
      if (d.state !== 'ok' || d.lastSeen == null) continue;
      const time = d.lastSeen + type.keepAlive * MINUTE;
      if (time > now) continue;
      const group = await storage.getGroup(d.groupId);
      const message = `No message received since ${backendTime(d.lastSeen)}`;
      const device = sigfoxId(d);
      const attributes = { severity: 'ERROR', message, device, deviceTypeId: String(type.id) };
      const summary = await pipeline.ingest(
        [
          {
            device: { deviceId: d.id },
            events: [{ type: SILENT_EVENT, time, key: 'keepAlive', attributes }],
          },
        ],
        // The commit marks a device seen at the batch's receivedTime: its last sighting keeps "last" true.
        {
          groupId: d.groupId,
          scopePath: group!.path,
          sourceId: null,
          unknownDevices: 'reject',
          receivedTime: d.lastSeen,
        },
      );
      await storage.updateDevice(d.id, { state: 'silent' });
      const outcome = summary.results[0];
      if (outcome?.status !== 'accepted') continue;
      fired++;
      const eventId = (
        await storage.listEvents({
          scope: group!.path,
          deviceId: d.id,
          types: [SILENT_EVENT],
          from: time,
          to: time + 1,
          limit: 1,
        })
      ).items[0]?.id;
      const vars = {
        device,
        deviceTypeId: String(type.id),
        time: Math.floor(time / 1000),
        severity: 'ERROR',
        info: message,
        eventId,
      };
      for (const cb of callbacks) await queueCallback(storage, cb, vars, d.id, now);
    }
  }
  return fired;
}

/** Runs the check every minute until stopped. */
export function startKeepAlive(storage: Storage, pipeline: Pipeline, onError: (err: unknown) => void) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = checkKeepAlive(storage, pipeline, Date.now()).catch(onError);
  }, MINUTE);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
