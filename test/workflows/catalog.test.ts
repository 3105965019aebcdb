import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTerminalStatus } from '@/lib/engine';
import { APPROVAL_INBOX_SAMPLES, BUILT_IN_WORKFLOWS, DEMO_PATTERNS } from '@/lib/workflows';
import { startHarness, waitingForEvent, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.stop());

describe('registerBuiltInWorkflows', () => {
  it('registers the workflows under the names the HTTP API and the demos use, with their metadata', () => {
    expect(h.runtime.registry.listWorkflows().map((w) => w.name)).toEqual([
      'BatchProcessingWorkflow',
      'ChildWorkflow',
      'FlakyWorkflow',
      'HelloSequenceWorkflow',
      'OrderProcessingWorkflow',
      'ParentWorkflow',
      'PaymentProcessingWorkflow',
      'PurchaseOrderWorkflow',
      'ReminderWorkflow',
      'StatusMonitorWorkflow',
      'TaskChainWorkflow',
    ]);
    for (const w of h.runtime.registry.listWorkflows()) {
      expect(w.description!.length, w.name).toBeGreaterThan(80);
      expect(w, w.name).toHaveProperty('exampleInput');
    }
    expect(h.runtime.registry.workflow('OrderProcessingWorkflow')!.events).toEqual([
      expect.objectContaining({ name: 'manager_approval', approvePayload: { approval: true }, rejectPayload: { approval: false } }),
    ]);
    expect(h.runtime.registry.workflow('PurchaseOrderWorkflow')!.events).toEqual([
      expect.objectContaining({ name: 'approval_received', commentField: 'comment' }),
    ]);
  });

  it('registers every activity the workflows call', () => {
    const names = BUILT_IN_WORKFLOWS.flatMap((w) => Object.keys(w.activities({ inventory: h.inventory })));
    expect(new Set(names).size).toBe(names.length); // no two workflows claim the same activity name
    for (const name of names) expect(h.runtime.registry.activity(name), name).toBeDefined();
  });
});

describe('DEMO_PATTERNS', () => {
  it('has a card per pattern of the seed documents', () => {
    expect(DEMO_PATTERNS.map((d) => d.workflowName)).toEqual([
      'HelloSequenceWorkflow',
      'TaskChainWorkflow',
      'BatchProcessingWorkflow',
      'StatusMonitorWorkflow',
      'ReminderWorkflow',
      'PurchaseOrderWorkflow',
      'OrderProcessingWorkflow',
      'PaymentProcessingWorkflow',
      'ParentWorkflow',
      'FlakyWorkflow',
      'OrderProcessingWorkflow',
    ]);
    for (const d of DEMO_PATTERNS) {
      expect(d.title && d.pattern && d.summary && d.watch, d.title).toBeTruthy();
    }
  });

  it.each(DEMO_PATTERNS.map((d) => [d.title, d] as const))('%s: the example input starts a healthy instance', async (_title, demo) => {
    const id = await h.client.scheduleNewWorkflow(demo.workflowName, demo.exampleInput);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const state = (await h.client.getWorkflowState(id))!;
    expect(state.runtimeStatus, state.workflowFailureDetails?.message).not.toBe('FAILED');
    expect(['RUNNING', 'COMPLETED']).toContain(state.runtimeStatus);
    if (!isTerminalStatus(state.runtimeStatus)) await h.client.terminateWorkflow(id);
  });
});

describe('APPROVAL_INBOX_SAMPLES', () => {
  it('each waits for its approval event', async () => {
    for (const sample of APPROVAL_INBOX_SAMPLES) {
      const id = await h.client.scheduleNewWorkflow(sample.workflowName, sample.input);
      const event = BUILT_IN_WORKFLOWS.find((w) => w.name === sample.workflowName)!.events![0].name;
      await waitingForEvent(h, id, event);
      await h.client.terminateWorkflow(id);
    }
  });
});
