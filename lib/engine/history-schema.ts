// The shape of every history event as data: stored rows and events that arrive from outside (remote SDK
// workers) are checked against it before the engine trusts them.
import { z } from 'zod';
import type { HistoryEvent } from './history-events';

const failure = z.object({ errorType: z.string(), message: z.string(), stackTrace: z.string().optional() });
const base = { eventId: z.number().int(), timestamp: z.string() };
const payload = z.string().optional();
const actor = z.object({ kind: z.string(), name: z.string() }).optional();
const retry = { retryOf: z.number().int().optional(), attempt: z.number().int().positive().optional(), maxAttempts: z.number().int().positive().optional() };

/** A zod schema of one history event (any kind), matching HistoryEvent in history-events.ts. */
export const historyEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ExecutionStarted'),
    ...base,
    name: z.string(),
    instanceId: z.string(),
    executionId: z.string(),
    input: payload,
    parent: z.object({ instanceId: z.string(), executionId: z.string(), taskId: z.number().int(), name: z.string() }).optional(),
    scheduledStartAt: z.string().optional(),
    generation: z.number().int().optional(),
    actor,
  }),
  z.object({
    kind: z.literal('ExecutionCompleted'),
    ...base,
    status: z.enum(['COMPLETED', 'FAILED', 'CONTINUED_AS_NEW']),
    output: payload,
    failure: failure.optional(),
  }),
  z.object({ kind: z.literal('ExecutionTerminated'), ...base, output: payload, recurse: z.boolean(), reason: z.string().optional(), actor }),
  z.object({ kind: z.literal('ExecutionSuspended'), ...base, reason: z.string().optional(), actor }),
  z.object({ kind: z.literal('ExecutionResumed'), ...base, reason: z.string().optional(), actor }),
  z.object({ kind: z.literal('TaskScheduled'), ...base, name: z.string(), input: payload, ...retry }),
  z.object({ kind: z.literal('TaskCompleted'), ...base, taskScheduledId: z.number().int(), result: payload }),
  z.object({ kind: z.literal('TaskFailed'), ...base, taskScheduledId: z.number().int(), failure }),
  z.object({ kind: z.literal('SubOrchestrationInstanceCreated'), ...base, name: z.string(), instanceId: z.string(), input: payload, ...retry }),
  z.object({ kind: z.literal('SubOrchestrationInstanceCompleted'), ...base, taskScheduledId: z.number().int(), result: payload }),
  z.object({ kind: z.literal('SubOrchestrationInstanceFailed'), ...base, taskScheduledId: z.number().int(), failure }),
  z.object({
    kind: z.literal('TimerCreated'),
    ...base,
    fireAt: z.string(),
    purpose: z.enum(['timer', 'retry', 'eventTimeout']),
    name: z.string().optional(),
    racedEvent: z.string().optional(),
  }),
  z.object({ kind: z.literal('TimerFired'), ...base, timerId: z.number().int(), fireAt: z.string() }),
  z.object({ kind: z.literal('OrchestratorStarted'), ...base }),
  z.object({ kind: z.literal('OrchestratorCompleted'), ...base }),
  z.object({ kind: z.literal('EventSent'), ...base, instanceId: z.string(), name: z.string(), input: payload }),
  z.object({ kind: z.literal('EventRaised'), ...base, name: z.string(), input: payload, actor }),
]);

/** Parses stored JSON text as a history event; throws a ZodError (or SyntaxError) naming what is wrong. */
export function parseHistoryEvent(json: string): HistoryEvent {
  return historyEventSchema.parse(JSON.parse(json)) as HistoryEvent;
}
