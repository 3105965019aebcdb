// The WorkflowStore contract: every store (memory, SQLite, PostgreSQL) must pass these tests.
import { afterEach, beforeEach, describe } from 'vitest';
import type { WorkflowStore } from '@/lib/engine/store';
import { contractInstances } from './contract/instances';
import { contractClaims } from './contract/claims';
import { contractStepCommits } from './contract/step-commits';
import { contractActivities } from './contract/activities';
import { contractListing } from './contract/listing';
import { contractPurgeAndLogs } from './contract/purge-and-logs';
import { contractRecovery } from './contract/executions-and-reruns';
import { contractOperations } from './contract/operations';
import { contractDirectHandover } from './contract/direct-handover';

/** A store for one test and how to dispose of it. */
export interface StoreHandle {
  store: WorkflowStore;
  dispose(): Promise<void>;
}

/** Registers the contract tests for stores made by `open` (a fresh, empty store per test). */
export function describeStoreContract(label: string, open: () => Promise<StoreHandle>): void {
  describe(`WorkflowStore contract: ${label}`, () => {
    let handle: StoreHandle;
    beforeEach(async () => {
      handle = await open();
    });
    afterEach(async () => {
      await handle.dispose();
    });
    const current = () => handle.store;
    contractInstances(current);
    contractClaims(current);
    contractStepCommits(current);
    contractActivities(current);
    contractListing(current);
    contractPurgeAndLogs(current);
    contractRecovery(current);
    contractOperations(current);
    contractDirectHandover(current);
  });
}
