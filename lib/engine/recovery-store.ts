// What the store keeps for recovering from failures: the closed executions of continued-as-new instances and
// rerun instances (an instance started from a prefix of another one's history) with their links.
import type { HistoryEvent, SequencedHistoryEvent } from './history-events';
import type { InstanceUpdate, NewActivityTask, NewInboxMessage, NewInstance } from './store';
import type { WaitingOn } from './waiting-on';

/** Default of FLOWDECK_MAX_KEPT_EXECUTIONS: closed executions kept per continued-as-new instance. */
export const DEFAULT_MAX_KEPT_EXECUTIONS = 10;

/** A closed execution of a continued-as-new instance, as kept (its history is read apart). */
export interface ClosedExecutionRecord {
  instanceId: string;
  /** 1-based position in the instance's chain of executions (the current one is its generation + 1). */
  index: number;
  executionId: string;
  name: string;
  status: 'CONTINUED_AS_NEW';
  input?: string;
  /** The input the execution continued as new with. */
  output?: string;
  startedAt: Date;
  closedAt: Date;
  historyLength: number;
}

/**
 * What a continue-as-new commit keeps of the execution it closes: the record, the events of the closing step (the
 * rows already stored come first), and how many closed executions to keep (older ones are dropped in the same commit).
 */
export interface ExecutionArchive {
  record: Omit<ClosedExecutionRecord, 'historyLength'>;
  closingEvents: HistoryEvent[];
  keep: number;
}

/** Where a rerun instance came from. */
export interface RerunLinkRecord {
  /** The rerun (new) instance. */
  instanceId: string;
  sourceInstanceId: string;
  sourceExecutionId: string;
  /** The task ID of the scheduling event the rerun started from. */
  fromEventId: number;
  createdAt: Date;
}

/** A rerun instance to create: its row, the history prefix it starts with, the work re-issued, and its link. */
export interface NewRerunInstance {
  instance: Omit<NewInstance, 'startMessage' | 'parentInstanceId' | 'parentTaskId' | 'scheduledStartAt'>;
  history: HistoryEvent[];
  waitingOn: WaitingOn;
  activityTasks: NewActivityTask[];
  /** Timer messages to the new instance. */
  messages: NewInboxMessage[];
  /** Children re-created (a live one with the same ID gets the parent a rejection, as in a step commit). */
  children: NewInstance[];
  link: RerunLinkRecord;
}

/** The links of one instance: where it was rerun from (if it is a rerun) and its reruns, oldest first. */
export interface RerunLinks {
  source?: RerunLinkRecord;
  reruns: RerunLinkRecord[];
}

/** Most reruns an instance's links list. */
export const MAX_RERUNS_LISTED = 100;

/**
 * The store's part for recovery (off the hot path; a continue-as-new keeps its execution inside its own step
 * commit, WorkflowStepCommit.archive). The same database errors as EngineStore's apply.
 */
export interface RecoveryStore {
  /** The instance's kept closed executions, oldest first; empty for an unknown instance. Throws nothing else. */
  listClosedExecutions(instanceId: string): Promise<ClosedExecutionRecord[]>;

  /** The history of one kept closed execution, or undefined when none has that ID. Throws nothing else. */
  getClosedExecutionHistory(instanceId: string, executionId: string): Promise<SequencedHistoryEvent[] | undefined>;

  /**
   * Creates a rerun instance (RUNNING, with its history prefix), its re-issued work and its link in one
   * transaction. Throws InstanceAlreadyExistsError (writing nothing) when an instance with the ID exists, whatever its status.
   */
  createRerunInstance(rerun: NewRerunInstance): Promise<void>;

  /** The instance's rerun links (at most MAX_RERUNS_LISTED reruns). Throws nothing else. */
  getRerunLinks(instanceId: string): Promise<RerunLinks>;
}

/** The row update that makes a created rerun instance RUNNING with what it waits on. */
export function rerunInstanceUpdate(rerun: NewRerunInstance): InstanceUpdate {
  const since = rerun.waitingOn.events.map((e) => e.since).sort()[0];
  return { status: 'RUNNING', waitingOn: rerun.waitingOn, waitingForEventSince: since ? new Date(since) : null, lastUpdatedAt: rerun.instance.createdAt };
}

/** The JSON text of a closed execution's history: its stored events (each row's JSON text) and then `closing`. */
export function archivedHistoryJson(storedEventsJson: readonly string[], closing: readonly HistoryEvent[]): string {
  return `[${[...storedEventsJson, ...closing.map((e) => JSON.stringify(e))].join(',')}]`;
}

/** The events of an archived history's JSON text, numbered from 0. */
export function parseArchivedHistory(json: string): SequencedHistoryEvent[] {
  return (JSON.parse(json) as HistoryEvent[]).map((event, sequence) => ({ ...event, sequence }));
}
