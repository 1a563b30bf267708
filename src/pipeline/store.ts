import type { Storage } from '../storage/storage.ts';
import { pending, type PipelineBatch, type Stage } from './batch.ts';

/**
 * Commits every record still pending, with the source cursor, in one transaction; `stored` hears of the commit
 * at once, before any other batch can commit, where the after-commit hooks come later and in any order.
 */
export function store(storage: Storage, stored?: (batch: PipelineBatch) => void): Stage {
  return {
    name: 'store',
    async run(batch) {
      const items = pending(batch);
      if (!items.length && !batch.sourceCursor) return;
      const result = await storage.commit({
        records: items.map((i) => i.resolved!),
        sourceId: batch.context.origin === 'derivation' ? null : batch.context.sourceId,
        receivedTime: batch.context.receivedTime,
        sourceCursor: batch.sourceCursor ?? null,
      });
      batch.commitOrder = result.commitOrder;
      items.forEach((item, n) => {
        const committed = result.records[n]!;
        item.committed = committed;
        const { index } = item;
        const { deviceId } = committed;
        item.outcome =
          committed.status === 'duplicate'
            ? { index, status: 'duplicate', deviceId }
            : committed.status === 'merged'
              ? { index, status: 'merged', deviceId, positionId: committed.position.id }
              : {
                  index,
                  status: 'accepted',
                  deviceId,
                  positionId: committed.position?.id ?? null,
                  messageId: committed.message?.id ?? null,
                };
      });
      stored?.(batch);
    },
  };
}
