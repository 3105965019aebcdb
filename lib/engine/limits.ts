// What callers may put into the engine: the names they give (length, characters) and how far they may grow one
// instance from outside (its history, the external events of its execution). docs/API.md ("Limits") lists them.
import type { HistoryEvent } from './history-events';

/** Longest workflow or event name a caller may give, in characters (Unicode code points). */
export const MAX_NAME_CHARS = 256;

/** Most history events an instance may have before raise event and pause are refused (terminate and resume never are). */
export const MAX_HISTORY_EVENTS = 50_000;

/**
 * Most external events one execution may receive (consumed or not, whoever sent them) before raise event is refused;
 * a continue-as-new starts a new count with the events it carries over.
 */
export const MAX_EXECUTION_EVENTS = 10_000;

/** Which name a caller gave. */
export type NameKind = 'workflow' | 'event';

/** A workflow or event name that is empty, too long, or has characters a name may not have. */
export class InvalidNameError extends Error {
  override name = 'InvalidNameError';
  constructor(
    readonly kind: NameKind,
    problem: string,
  ) {
    super(problem);
  }
}

/** Which of an instance's limits an operation ran into. */
export type InstanceLimit = 'historyEvents' | 'executionEvents';

/** An operation refused because the instance reached one of its limits; nothing was written. */
export class InstanceLimitError extends Error {
  override name = 'InstanceLimitError';
  constructor(
    readonly instanceId: string,
    readonly limit: InstanceLimit,
    readonly count: number,
    readonly max: number,
    operation: string,
  ) {
    super(
      limit === 'historyEvents'
        ? `cannot ${operation} instance '${instanceId}': its history has ${count} events, the most an instance may have is ${max} (the workflow should continue as new; terminate still works)`
        : `cannot ${operation} instance '${instanceId}': its current execution has received ${count} external events, the most one execution may receive is ${max} (the workflow should consume them and continue as new)`,
    );
  }
}

/** Bidirectional formatting characters, which make a name read differently from what it is. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Control characters (C0, DEL, C1), line and paragraph separators, unpaired surrogates. */
const CONTROLS = /[\p{Cc}\u2028\u2029]/u;
const UNPAIRED_SURROGATE = /\p{Cs}/u;

/** Why `name` cannot be a workflow or event name, or undefined when it can. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
  const what = `the ${kind} name`;
  if (name.trim() === '') return `${what} is empty`;
  const chars = [...name];
  if (chars.length > MAX_NAME_CHARS) return `${what} is ${chars.length} characters long; the limit is ${MAX_NAME_CHARS}`;
  if (name !== name.trim()) return `${what} starts or ends with white space`;
  for (const [position, char] of chars.entries()) {
    const problem = CONTROLS.test(char)
      ? 'a control character'
      : BIDI_CONTROLS.test(char)
        ? 'a bidirectional formatting character'
        : UNPAIRED_SURROGATE.test(char)
          ? 'an unpaired surrogate'
          : undefined;
    if (problem) return `${what} contains ${problem} (${codePoint(char)} at character ${position})`;
  }
  return undefined;
}

/** Throws InvalidNameError unless `name` is a valid workflow or event name (see nameProblem). */
export function validateName(kind: NameKind, name: string): void {
  const problem = nameProblem(kind, name);
  if (problem) throw new InvalidNameError(kind, problem);
}

/** The limits a message a caller sends to an instance is checked against (none: it is always accepted). */
export interface MessageLimits {
  /** What the caller asks for, as the refusal says it ("raise an event on"). */
  operation: string;
  /** Refused once the instance's history has this many events. */
  maxHistoryEvents: number;
  /** Refused once the execution has received this many external events; undefined: not counted. */
  maxExecutionEvents?: number;
}

/** The limits that apply to a caller's message with `event`: raise event and pause grow the instance; terminate and resume must always work. */
export function limitsOf(event: HistoryEvent): MessageLimits | undefined {
  if (event.kind === 'EventRaised') return { operation: 'raise an event on', maxHistoryEvents: MAX_HISTORY_EVENTS, maxExecutionEvents: MAX_EXECUTION_EVENTS };
  if (event.kind === 'ExecutionSuspended') return { operation: 'pause', maxHistoryEvents: MAX_HISTORY_EVENTS };
  return undefined;
}

/** What a store counts of an instance, in the transaction that would add a caller's message. */
export interface InstanceCounts {
  historyLength: number;
  /** Messages in the instance's inbox (an upper bound of the external events among them). */
  inboxMessages: number;
  /** The external events of the current execution: EventRaised in its history and its inbox (called only when needed). */
  executionEvents(): number;
}

/** The refusal of a caller's message with `event` to an instance with `counts`, or undefined when the limits allow it. */
export function limitRefusal(instanceId: string, event: HistoryEvent, counts: InstanceCounts): InstanceLimitError | undefined {
  const limits = limitsOf(event);
  if (!limits) return undefined;
  if (counts.historyLength >= limits.maxHistoryEvents) {
    return new InstanceLimitError(instanceId, 'historyEvents', counts.historyLength, limits.maxHistoryEvents, limits.operation);
  }
  const max = limits.maxExecutionEvents;
  // The history and the inbox together hold every external event: below the limit, no need to count them.
  if (max === undefined || counts.historyLength + counts.inboxMessages < max) return undefined;
  const events = counts.executionEvents();
  return events >= max ? new InstanceLimitError(instanceId, 'executionEvents', events, max, limits.operation) : undefined;
}

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
