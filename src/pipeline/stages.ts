import type { Storage } from '../storage/storage.ts';
import type { PipelineBatch, Stage } from './batch.ts';
import { dedupe } from './dedupe.ts';
import { normalize } from './normalize.ts';
import { resolveDevices } from './resolve-devices.ts';
import { store } from './store.ts';
import { validate } from './validate.ts';

/**
 * The pipeline, in order. Validation comes before device resolution so that a rejected record never creates a
 * device. What runs after the commit (live stream, derive, notify) is attached as hooks on the Pipeline.
 */
export function stages(storage: Storage, stored?: (batch: PipelineBatch) => void): Stage[] {
  return [normalize, validate, resolveDevices(storage), dedupe, store(storage, stored)];
}
