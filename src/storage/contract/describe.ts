import { describe } from 'vitest';
import type { Storage } from '../storage.ts';
import { describeCallbacks } from './callbacks.ts';
import { describeCommitEffects } from './commit-effects.ts';
import { describeCommitIdentity } from './commit-identity.ts';
import { describeConsumers } from './consumers.ts';
import { describeCoordination } from './coordination.ts';
import { describeDeliveries } from './deliveries.ts';
import { describeRetention } from './retention.ts';
import { describeRetractions } from './retractions.ts';
import { describeDerived } from './derived.ts';
import { describeDeviceTypes } from './device-types.ts';
import { describeDevices } from './devices.ts';
import { describeDirectory } from './directory.ts';
import { describeLists } from './lists.ts';
import { describePlaces } from './places.ts';
import { describePositionAdoption } from './position-adoption.ts';
import { describePositionMerge } from './position-merge.ts';
import { describePositionWindows } from './position-windows.ts';
import { describeReceiverSecrets } from './receiver-secrets.ts';
import { describeSources } from './sources.ts';
import { describeSync } from './sync.ts';
import { describeUsers } from './users.ts';

/**
 * Registers the behaviour every `Storage` must show (DESIGN.md §5: one interface, one contract suite).
 * `open` returns a fresh, migrated storage for one test; `cleanup` closes it and removes what it made.
 * The tests go through the interface only, so that SQLite and PostgreSQL are held to the same rules.
 */
export function describeStorageContract(
  name: string,
  open: () => Promise<{ storage: Storage; cleanup: () => Promise<void> }>,
): void {
  describe(`${name} storage contract`, () => {
    describeDirectory(open);
    describeDevices(open);
    describeCommitIdentity(open);
    describeCommitEffects(open);
    describePositionAdoption(open);
    describePositionMerge(open);
    describeLists(open);
    describePositionWindows(open);
    describeSync(open);
    describeRetractions(open);
    describeSources(open);
    describeDerived(open);
    describePlaces(open);
    describeReceiverSecrets(open);
    describeCoordination(open);
    describeConsumers(open);
    describeDeliveries(open);
    describeRetention(open);
    describeCallbacks(open);
    describeDeviceTypes(open);
    describeUsers(open);
  });
}
