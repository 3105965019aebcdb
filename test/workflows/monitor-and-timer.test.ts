import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simulatedStatus } from '@/lib/workflows/status-monitor';
import { outputOf, startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.stop());

describe('StatusMonitorWorkflow', () => {
  it('continues as new after each check, alerts once per turn to unhealthy and ends after maxChecks', async () => {
    const input = { jobId: 'job-7', maxChecks: 9, healthyIntervalSeconds: 0.02, unhealthyIntervalSeconds: 0.01 };
    const state = await h.run('StatusMonitorWorkflow', input);
    expect(state.runtimeStatus).toBe('COMPLETED');
    // healthy, healthy, unhealthy, unhealthy, healthy | healthy, healthy, unhealthy, unhealthy
    expect(outputOf(state)).toEqual({ jobId: 'job-7', checks: 9, lastStatus: 'unhealthy', alertsSent: 2 });
    expect(state.customStatus).toBe('check 9 of 9: unhealthy');
    // The last generation started from the carried-over state and has a fresh history of one check.
    expect(JSON.parse(state.serializedInput!)).toMatchObject({ jobId: 'job-7', checks: 8, isHealthy: false, alertsSent: 2 });
    expect(await h.scheduledActivities(state.instanceId)).toEqual(['check_status']);
  });

  it('sends the alert when the job turns unhealthy, not while it stays unhealthy', async () => {
    const id = await h.client.scheduleNewWorkflow('StatusMonitorWorkflow', {
      jobId: 'job-8',
      maxChecks: 3,
      healthyIntervalSeconds: 0.01,
      unhealthyIntervalSeconds: 0.01,
    });
    const state = await h.client.waitForWorkflowCompletion(id, true, 20);
    expect(simulatedStatus(3)).toBe('unhealthy');
    expect(await h.scheduledActivities(id)).toEqual(['check_status', 'send_alert']);
    const alerts = (await h.logs(id)).filter((line) => line.startsWith('*** Alert'));
    expect(alerts).toEqual(["*** Alert: Job 'job-8' is unhealthy!"]);
    expect(outputOf(state!)).toMatchObject({ checks: 3, alertsSent: 1 });
  });

  it('keeps running without maxChecks until terminated', async () => {
    const id = await h.client.scheduleNewWorkflow('StatusMonitorWorkflow', { jobId: 'eternal', healthyIntervalSeconds: 0.01, unhealthyIntervalSeconds: 0.01 });
    await expect.poll(async () => JSON.parse((await h.client.getWorkflowState(id))!.serializedInput!).checks ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await h.client.terminateWorkflow(id);
    const state = await h.client.waitForWorkflowCompletion(id, true, 10);
    expect(state!.runtimeStatus).toBe('TERMINATED');
  });
});

describe('ReminderWorkflow', () => {
  it('waits the given seconds on a durable timer, then notifies', async () => {
    const started = Date.now();
    const state = await h.run('ReminderWorkflow', { seconds: 0.3, message: 'Stand up' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(state.runtimeStatus).toBe('COMPLETED');
    expect(outputOf(state)).toBe('Reminder sent: Stand up');
    expect(await h.logs(state.instanceId)).toEqual(['Reminder: Stand up']);
    const history = await h.store.getHistory(state.instanceId);
    expect(history.filter((e) => e.kind === 'TimerCreated' || e.kind === 'TimerFired').map((e) => e.kind)).toEqual(['TimerCreated', 'TimerFired']);
  });

  it('waits until a given time', async () => {
    const at = new Date(Date.now() + 250);
    const state = await h.run('ReminderWorkflow', { at: at.toISOString() });
    expect(state.runtimeStatus).toBe('COMPLETED');
    expect(outputOf(state)).toBe("Reminder sent: Time's up!");
    expect(state.lastUpdatedAt.getTime()).toBeGreaterThanOrEqual(at.getTime());
  });

  it('fails on an input with neither seconds nor at', async () => {
    const state = await h.run('ReminderWorkflow', { minutes: 3 });
    expect(state.runtimeStatus).toBe('FAILED');
    expect(state.workflowFailureDetails?.message).toContain('{"seconds": n} or {"at": "<ISO time>"}');
  });
});
