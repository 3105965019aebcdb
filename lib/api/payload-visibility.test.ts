import { describe, expect, test } from 'vitest';
import { eventsWithoutPayloads, hiddenPayloadPatterns, hidesPayloads, stateWithoutPayloads } from './payload-visibility';

describe('payloads hidden from viewers', () => {
  const patterns = hiddenPayloadPatterns({ FLOWDECK_VIEWER_HIDDEN_PAYLOADS: 'Payroll, Hr*' });

  test('only viewers, only the named workflows (a trailing * matches any rest)', () => {
    expect(hidesPayloads('viewer', 'Payroll', patterns)).toBe(true);
    expect(hidesPayloads('viewer', 'HrOnboarding', patterns)).toBe(true);
    expect(hidesPayloads('viewer', 'Orders', patterns)).toBe(false);
    expect(hidesPayloads('approver', 'Payroll', patterns)).toBe(false);
    expect(hidesPayloads('viewer', 'Payroll', [])).toBe(false);
    expect(hidesPayloads('viewer', 'Anything', ['*'])).toBe(true);
  });

  test('history events lose input, result and output, and failures their stacks', () => {
    const events = eventsWithoutPayloads([
      { kind: 'TaskScheduled', eventId: 0, timestamp: 't', name: 'pay', input: '"secret"', sequence: 1 },
      { kind: 'TaskFailed', eventId: -1, timestamp: 't', taskScheduledId: 0, failure: { errorType: 'E', message: 'm', stackTrace: 'at x' }, sequence: 2 },
      { kind: 'OrchestratorStarted', eventId: -1, timestamp: 't', sequence: 0 },
    ]);
    expect(JSON.parse(JSON.stringify(events))).toEqual([
      { kind: 'TaskScheduled', eventId: 0, timestamp: 't', name: 'pay', sequence: 1, payloadHidden: true },
      { kind: 'TaskFailed', eventId: -1, timestamp: 't', taskScheduledId: 0, failure: { errorType: 'E', message: 'm' }, sequence: 2 },
      { kind: 'OrchestratorStarted', eventId: -1, timestamp: 't', sequence: 0 },
    ]);
  });

  test("Dapr's state keeps its properties' names with the payloads emptied", () => {
    const state = { instanceID: 'i', workflowName: 'Payroll', createdAt: 'c', lastUpdatedAt: 'u', runtimeStatus: 'COMPLETED' as const, properties: { 'dapr.workflow.input': '"x"', 'dapr.workflow.output': '"y"', 'dapr.workflow.custom_status': 's' } };
    expect(stateWithoutPayloads(state).properties).toEqual({ 'dapr.workflow.input': '', 'dapr.workflow.output': '', 'dapr.workflow.custom_status': '' });
  });
});
