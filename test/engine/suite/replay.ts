// The engine suite, part: replay: isReplaying, deterministic time and GUIDs.
import { expect, test } from 'vitest';
import type { WorkflowContext } from '@/lib/engine';
import type { EngineTestBed } from './bed';

/** Registers the engine tests on replay: isReplaying, deterministic time and GUIDs; `bed` holds the running test's engine. */
export function engineReplay(bed: EngineTestBed): void {
  test('isReplaying is false only for the new part of each step; time and GUIDs are deterministic', async () => {
    const { runtime, client, executorCacheSize } = bed;
    const seen: { replaying: boolean; time: string; guid: string }[] = [];
    runtime.registerWorkflowWithName('observer', function* (ctx: WorkflowContext) {
      seen.push({ replaying: ctx.isReplaying(), time: ctx.getCurrentUtcDateTime().toISOString(), guid: ctx.newGuid() });
      yield ctx.callActivity('echo', 1);
      seen.push({ replaying: ctx.isReplaying(), time: ctx.getCurrentUtcDateTime().toISOString(), guid: ctx.newGuid() });
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('observer');
    await client.waitForWorkflowCompletion(id, true, 10);
    const first = seen[0];
    expect(first.replaying).toBe(false);
    expect(first.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const replays = seen.filter((x) => x.replaying);
    if (executorCacheSize === 0) expect(replays.length).toBeGreaterThan(0);
    // Every replayed sighting of a point has the time and GUID it had the first time.
    for (const r of replays) expect(seen.find((x) => !x.replaying && x.time === r.time)?.guid).toBe(r.guid);
    expect(seen.filter((x) => !x.replaying)).toHaveLength(2);
  });
}
