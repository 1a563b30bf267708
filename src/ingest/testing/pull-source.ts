import type { Source } from '../../model/records.ts';

/** A pull source of `vendor` as storage would give it, for calling a connector directly, without a runtime. */
export function pullSource(vendor: string, settings: Record<string, unknown>): Source {
  return {
    id: 1,
    groupId: 1,
    vendor,
    kind: 'pull',
    name: vendor,
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
