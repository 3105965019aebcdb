// The in-process activity runner: an activity's own error is its TaskFailed result; a log line the store could
// not write (a database fault) makes the attempt run again instead of failing it.
import { describe, expect, it } from 'vitest';
import { InProcessActivityRunner } from './activity-runner';
import { Registry } from './registry';
import type { ActivityTaskRecord } from './store';

const task: ActivityTaskRecord = { id: 1, instanceId: 'i-1', executionId: 'e-1', taskId: 3, name: 'ship', attempt: 1 };

function runnerWith(appendActivityLog: () => Promise<void>) {
  const registry = new Registry();
  registry.addActivity('ship', async (ctx, n: number) => {
    await ctx.log('shipping').catch(() => undefined); // an activity that shrugs the failure off
    return n + 1;
  });
  registry.addActivity('boom', async () => {
    throw new RangeError('no stock');
  });
  return new InProcessActivityRunner(registry, { appendActivityLog }, 1024);
}

describe('InProcessActivityRunner', () => {
  it('returns TaskCompleted with the result, and TaskFailed with an activity error', async () => {
    const runner = runnerWith(async () => undefined);
    expect(await runner.run({ ...task, input: '1' })).toMatchObject({ kind: 'TaskCompleted', taskScheduledId: 3, result: '2' });
    expect(await runner.run({ ...task, name: 'boom' })).toMatchObject({ kind: 'TaskFailed', failure: { errorType: 'RangeError', message: 'no stock' } });
  });

  it('rejects (the attempt runs again) when a log line could not be written, even if the activity caught it', async () => {
    const outage = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const runner = runnerWith(async () => {
      throw outage;
    });
    await expect(runner.run({ ...task, input: '1' })).rejects.toBe(outage);
  });
});
