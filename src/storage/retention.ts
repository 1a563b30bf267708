/** Removing old history (DESIGN.md §5, retention per group) and preparing storage for time to come. */
export interface RetentionStorage {
  /**
   * Deletes up to `limit` positions and up to `limit` messages older than `before` of the devices in group
   * `groupId` (not its subgroups), in one short transaction, so that ingest is never held up for long. A device's
   * latest position is kept, so the map still shows where it was last seen, and so is a message a
   * kept position links to. Returns how many rows went.
   */
  purgeBefore(
    groupId: number,
    before: number,
    limit: number,
  ): Promise<{ positions: number; messages: number }>;
  /**
   * Creates ahead of time what the coming months need (PostgreSQL: monthly partitions of positions and messages,
   * and one for each month that has rows waiting in the default partition); returns what it created.
   */
  maintainPartitions(now: number): Promise<string[]>;
  /**
   * Drops whole time partitions that end before `before` (PostgreSQL; nothing on SQLite), except one holding a
   * device's latest position or the message it links to; returns what it dropped. Call it only with a time every
   * group's retention has passed.
   */
  dropPartitionsBefore(before: number): Promise<string[]>;
}
