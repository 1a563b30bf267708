import type { Source } from '../../../model/records.ts';
import { FOLLOWANALYTICS_VENDOR } from '../wire.ts';

/** A FollowAnalytics pull source as storage would give it, for driving the connector without a runtime. */
export function sourceWith(settings: Record<string, unknown>): Source {
  return {
    id: 1,
    groupId: 1,
    vendor: FOLLOWANALYTICS_VENDOR,
    kind: 'pull',
    name: 'app',
    settings,
    unknownDevices: 'create',
    enabled: true,
    status: 'idle',
    cursor: null,
    lastError: null,
    lastErrorAt: null,
    lastSuccessAt: null,
    lastRequestAt: null,
    nextRunAt: null,
    failures: 0,
    leaseOwner: null,
    leaseUntil: null,
    createdAt: 0,
  };
}
