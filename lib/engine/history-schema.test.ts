// history-schema: every event the builders make reads back equal from storage; a malformed stored event is
// refused with an error naming what is wrong.
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  childCompleted,
  childCreated,
  childFailed,
  eventRaised,
  eventSent,
  executionCompleted,
  executionResumed,
  executionStarted,
  executionSuspended,
  executionTerminated,
  orchestratorCompleted,
  orchestratorStarted,
  taskCompleted,
  taskFailed,
  taskScheduled,
  timerCreated,
  timerFired,
} from './history-builders';
import type { HistoryEvent, HistoryEventKind } from './history-events';
import { historyEventSchema, parseHistoryEvent } from './history-schema';

const AT = new Date('2026-06-01T00:00:00.000Z');
const DUE = '2026-06-01T00:05:00.000Z';
const failure = { errorType: 'TypeError', message: 'bad input', stackTrace: 'TypeError: bad input\n    at x (y.ts:1:1)' };
const parent = { instanceId: 'p-1', executionId: 'pe-1', taskId: 3, name: 'Parent' };

/** One or more events of every kind, with the optional fields both set and left out. */
const built: HistoryEvent[] = [
  executionStarted(AT, { name: 'Flow', instanceId: 'f-1', executionId: 'x-1' }),
  executionStarted(AT, { name: 'Flow', instanceId: 'p-1:0003', executionId: 'x-2', input: '{"a":[1,"ü"]}', parent, scheduledStartAt: DUE, generation: 4 }),
  executionCompleted(AT, 'COMPLETED', { output: '"done"' }),
  executionCompleted(AT, 'FAILED', { failure }),
  executionCompleted(AT, 'CONTINUED_AS_NEW'),
  executionTerminated(AT, '"stop"', false),
  executionTerminated(AT, undefined),
  executionSuspended(AT, 'maintenance'),
  executionSuspended(AT),
  executionResumed(AT, 'done'),
  orchestratorStarted(AT),
  orchestratorCompleted(AT),
  taskScheduled(0, AT, 'charge', '12'),
  taskScheduled(5, AT, 'charge', undefined, { retryOf: 0, attempt: 2, maxAttempts: 3 }),
  taskCompleted(AT, 0, '"ok"'),
  taskCompleted(AT, 0, undefined),
  taskFailed(AT, 0, failure),
  taskFailed(AT, 0, { errorType: 'Error', message: 'no stack' }),
  childCreated(1, AT, { name: 'Kid', instanceId: 'f-1:0001', input: 'null' }, { maxAttempts: 2 }),
  childCompleted(AT, 1, '7'),
  childFailed(AT, 1, failure),
  timerCreated(2, AT, DUE),
  timerCreated(3, AT, DUE, 'retry', 'charge'),
  timerCreated(4, AT, DUE, 'eventTimeout', 'approval'),
  timerFired(2, DUE),
  eventSent(6, AT, 'other', 'ping', '"hi"'),
  eventRaised(AT, 'approval', 'true'),
  eventRaised(AT, 'empty', undefined),
];

const stored = (event: object) => JSON.stringify(event);

/** The ZodError `parse` throws (fails the test when it throws something else or nothing). */
function zodErrorOf(json: string): ZodError {
  try {
    parseHistoryEvent(json);
  } catch (error) {
    expect(error).toBeInstanceOf(ZodError);
    return error as ZodError;
  }
  throw new Error(`expected ${json} to be refused`);
}

describe('history schema', () => {
  it('has a builder output of every kind it knows', () => {
    const kinds = historyEventSchema.options.map((option) => option.shape.kind.value as HistoryEventKind);
    expect(new Set(built.map((e) => e.kind))).toEqual(new Set(kinds));
  });

  it.each(built.map((event) => [event.kind, event] as const))('reads a stored %s back equal to what the builder made', (_kind, event) => {
    expect(parseHistoryEvent(stored(event))).toEqual(event);
  });

  it('refuses an unknown kind, naming the field and the kinds it accepts', () => {
    const error = zodErrorOf(stored({ kind: 'TaskExploded', eventId: 1, timestamp: DUE }));
    expect(error.issues[0].path).toEqual(['kind']);
    expect(error.message).toContain('TaskScheduled');
  });

  it('refuses an event with a required field missing, naming the field', () => {
    const { name: _name, ...nameless } = taskScheduled(0, AT, 'charge', undefined);
    const error = zodErrorOf(stored(nameless));
    expect(error.issues).toEqual([expect.objectContaining({ path: ['name'], code: 'invalid_type' })]);
    const { taskScheduledId: _id, ...unanchored } = taskCompleted(AT, 0, '1');
    expect(zodErrorOf(stored(unanchored)).issues[0].path).toEqual(['taskScheduledId']);
  });

  it('refuses a field of the wrong type, naming the field and the type expected', () => {
    const error = zodErrorOf(stored({ ...timerFired(2, DUE), timerId: '2' }));
    expect(error.issues).toEqual([expect.objectContaining({ path: ['timerId'], expected: 'number' })]);
    expect(zodErrorOf(stored({ ...executionTerminated(AT, undefined), recurse: 'yes' })).issues[0].path).toEqual(['recurse']);
    expect(zodErrorOf(stored({ ...taskFailed(AT, 0, failure), failure: { message: 'no type' } })).issues[0].path).toEqual(['failure', 'errorType']);
  });

  it('refuses values outside a field\'s choices: a timer purpose, a completion status, a fractional task ID', () => {
    expect(zodErrorOf(stored({ ...timerCreated(2, AT, DUE), purpose: 'nap' })).issues[0].path).toEqual(['purpose']);
    expect(zodErrorOf(stored({ ...executionCompleted(AT, 'COMPLETED'), status: 'TERMINATED' })).issues[0].path).toEqual(['status']);
    expect(zodErrorOf(stored({ ...taskScheduled(0, AT, 'a', undefined), eventId: 1.5 })).issues[0].path).toEqual(['eventId']);
  });

  it('refuses text that is not a JSON object', () => {
    expect(() => parseHistoryEvent('{"kind":')).toThrow(SyntaxError);
    expect(zodErrorOf('[]').issues[0].code).toBe('invalid_type');
    expect(zodErrorOf('null').issues[0].code).toBe('invalid_type');
  });
});
