// The engine's semantic suite: every store (memory, SQLite, PostgreSQL) runs these tests, one file per area.
import { afterEach, beforeEach, describe } from 'vitest';
import { EngineTestBed, type StoreFixture } from './suite/bed';
import { engineActivities } from './suite/activities';
import { engineRetries } from './suite/retries';
import { engineTimers } from './suite/timers';
import { engineExternalEvents } from './suite/external-events';
import { engineChildren } from './suite/children';
import { engineLifecycle } from './suite/lifecycle';
import { enginePurgeAndReuse } from './suite/purge-and-reuse';
import { engineValidation } from './suite/validation';
import { engineConcurrency } from './suite/concurrency';
import { engineReplay } from './suite/replay';
import { engineHandover } from './suite/handover';

/**
 * Registers the engine's semantic tests against stores made by `makeStore` (memory, SQLite, PostgreSQL).
 * With `executorCacheSize: 0` every step replays the whole history instead of reusing a live executor.
 */
export function describeEngine(label: string, makeStore: () => Promise<StoreFixture>, executorCacheSize?: number): void {
  describe(`engine on ${label}${executorCacheSize === 0 ? ' (replaying every step)' : ''}`, () => {
    const bed = new EngineTestBed(executorCacheSize);
    beforeEach(() => bed.open(makeStore));
    afterEach(() => bed.close());

    engineActivities(bed);
    engineRetries(bed);
    engineTimers(bed);
    engineExternalEvents(bed);
    engineChildren(bed);
    engineLifecycle(bed);
    enginePurgeAndReuse(bed);
    engineValidation(bed);
    engineConcurrency(bed);
    engineReplay(bed);
    engineHandover(bed);
  });
}
