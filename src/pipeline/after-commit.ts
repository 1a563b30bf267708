import type { CommitHook } from './pipeline.ts';

/** The work that follows a commit, each part built by main.ts. */
export interface AfterCommitParts {
  /** The live stream: in process, or through the database when other processes commit too (PostgreSQL). */
  live: CommitHook;
  /** Wakes derivation (trips, stops, places, alarms) and tells the silence watcher who was heard. */
  derivation: CommitHook;
  /** Wakes the webhook dispatcher when events were committed. */
  webhooks: CommitHook;
  /** The vendors' own (e.g. Sigfox's device-type callbacks), in the vendor list's order. */
  vendors: readonly CommitHook[];
}

/**
 * What runs after each commit, in this order (DESIGN.md §4), beside the stages before it (stages.ts). A hook
 * runs only after its batch is on disk, and its failure never undoes the commit; work that must survive a crash
 * (derivation, webhooks) follows the commit order from the database, so a hook only wakes it.
 */
export const afterCommit = (parts: AfterCommitParts): CommitHook[] => [
  parts.live,
  parts.derivation,
  parts.webhooks,
  ...parts.vendors,
];
