import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outputOf, startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.stop());

describe('HelloSequenceWorkflow', () => {
  it('greets Tokyo, Seattle and London in order', async () => {
    const state = await h.run('HelloSequenceWorkflow');
    expect(state.runtimeStatus).toBe('COMPLETED');
    expect(outputOf(state)).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
    expect(await h.logs(state.instanceId)).toEqual(['Saying hello to Tokyo', 'Saying hello to Seattle', 'Saying hello to London']);
  });
});

describe('TaskChainWorkflow', () => {
  it('feeds each step the previous result: x+1, ×2, squared', async () => {
    const state = await h.run('TaskChainWorkflow', 5);
    expect(state.runtimeStatus).toBe('COMPLETED');
    expect(outputOf(state)).toEqual([6, 12, 144]);
    expect(await h.scheduledActivities(state.instanceId)).toEqual(['step1', 'step2', 'step3']);
  });

  it('runs error_handler after a failing step, then fails the instance', async () => {
    const state = await h.run('TaskChainWorkflow', 'not a number');
    expect(state.runtimeStatus).toBe('FAILED');
    expect(state.workflowFailureDetails?.message).toContain('step1 needs a number');
    expect(await h.scheduledActivities(state.instanceId)).toEqual(['step1', 'error_handler']);
    const logs = await h.logs(state.instanceId);
    expect(logs.at(-1)).toMatch(/^Executing error handler: .*step1 needs a number/);
  });
});
