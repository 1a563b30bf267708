import type { Source } from '../../../model/records.ts';
import { pullSource } from '../../../ingest/testing/pull-source.ts';
import { FOLLOWANALYTICS_VENDOR } from '../wire.ts';

/** A FollowAnalytics pull source as storage would give it, for driving the connector without a runtime. */
export const sourceWith = (settings: Record<string, unknown>): Source =>
  pullSource(FOLLOWANALYTICS_VENDOR, settings);
