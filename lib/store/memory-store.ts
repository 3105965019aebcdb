import { DuplicateReceiptError, InstanceAlreadyExistsError, InstanceNotFoundError, InvalidInstanceStatusError, LeaseLostError } from '../engine/errors';
import type { SequencedHistoryEvent } from '../engine/history-events';
import { instanceAfterStep } from '../engine/instance-after-step';
import { isPurgeableStatus, isTerminalStatus, type RuntimeStatus } from '../engine/runtime-status';
import {
  childRejectedMessage,
  type ActivityDelivery,
  matchesNameFilter,
  type ActivityLogLine,
  type ActivityTaskRecord,
  type BacklogSnapshot,
  type InstanceNameStatusCount,
  type InboxMessage,
  type MessageReceipt,
  type InstanceCountQuery,
  type InstancePage,
  type InstanceQuery,
  type InstanceRecord,
  type InstanceSort,
  type NameFilter,
  type NewInboxMessage,
  type NewInstance,
  type WorkerHeartbeat,
  type WorkflowStepCommit,
  type WorkflowStore,
  type WorkflowWorkItem,
} from '../engine/store';
import { limitRefusal } from '../engine/limits';
import {
  MAX_RERUNS_LISTED,
  rerunInstanceUpdate,
  type ClosedExecutionRecord,
  type ExecutionArchive,
  type NewRerunInstance,
  type RerunLinkRecord,
  type RerunLinks,
} from '../engine/recovery-store';
import { decodeCursor, encodeCursor } from './cursor';
import { compareBySort, sortValue } from './instance-sort';
import { matchesInstanceQuery } from './memory-instance-query';
import { summarizeWaiting } from './waiting-summary';
import { purgeInstanceTree, type InstanceStatusRow, type PurgeOperations, type PurgeOutcome } from './recursive-purge';

type Lease = { lockedBy?: string; lockExpiresAt?: number };
type StoredTask = ActivityTaskRecord & Lease & { visibleAt: Date };
type StoredInstance = InstanceRecord & Lease;

/** A WorkflowStore in process memory: for unit tests of the engine (nothing survives a restart). */
export class MemoryStore implements WorkflowStore, PurgeOperations {
  private readonly instances = new Map<string, StoredInstance>();
  private readonly history = new Map<string, SequencedHistoryEvent[]>();
  private inbox: InboxMessage[] = [];
  /** Receipts of messages sent at most once: key → record. */
  private readonly receipts = new Map<string, string>();
  private tasks: StoredTask[] = [];
  private logs: (ActivityLogLine & { instanceId: string })[] = [];
  private readonly heartbeats = new Map<string, WorkerHeartbeat>();
  private nextId = 1;
  private readonly closed = new Map<string, (Omit<ClosedExecutionRecord, 'historyLength'> & { history: SequencedHistoryEvent[] })[]>();
  private links: RerunLinkRecord[] = [];

  async createInstance(instance: NewInstance): Promise<void> {
    const existing = this.instances.get(instance.instanceId);
    if (existing && !isTerminalStatus(existing.status)) throw new InstanceAlreadyExistsError(instance.instanceId, existing.status);
    this.insertInstance(instance);
  }

  private insertInstance(instance: NewInstance): void {
    this.deleteInstanceData(instance.instanceId);
    this.instances.set(instance.instanceId, {
      instanceId: instance.instanceId,
      name: instance.name,
      executionId: instance.executionId,
      status: 'PENDING',
      input: instance.input,
      parentInstanceId: instance.parentInstanceId,
      parentTaskId: instance.parentTaskId,
      createdAt: instance.createdAt,
      lastUpdatedAt: instance.createdAt,
      scheduledStartAt: instance.scheduledStartAt,
      historyLength: 0,
      version: 0,
      ...(instance.trace && { trace: instance.trace }),
    });
    this.history.set(instance.instanceId, []);
    this.pushMessage(instance.startMessage);
  }

  async getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    const row = this.instances.get(instanceId);
    return row ? publicInstance(row) : undefined;
  }

  async getHistory(instanceId: string, options: { fromSequence?: number; limit?: number } = {}): Promise<SequencedHistoryEvent[]> {
    const all = this.history.get(instanceId) ?? [];
    const from = options.fromSequence ?? 0;
    return structuredClone(all.slice(from, options.limit === undefined ? undefined : from + options.limit));
  }

  async sendMessage(message: NewInboxMessage, operation: string, allowed: readonly RuntimeStatus[], receipt?: MessageReceipt): Promise<void> {
    const row = this.instances.get(message.instanceId);
    if (!row) throw new InstanceNotFoundError(message.instanceId);
    if (!allowed.includes(row.status)) throw new InvalidInstanceStatusError(message.instanceId, operation, row.status, allowed);
    const inbox = this.inbox.filter((m) => m.instanceId === row.instanceId);
    const refusal = limitRefusal(row.instanceId, message.event, {
      historyLength: row.historyLength,
      inboxMessages: inbox.length,
      executionEvents: () => [...(this.history.get(row.instanceId) ?? []), ...inbox.map((m) => m.event)].filter((e) => e.kind === 'EventRaised').length,
    });
    if (refusal) throw refusal;
    if (receipt) {
      const kept = this.receipts.get(receipt.key);
      if (kept !== undefined) throw new DuplicateReceiptError(receipt.key, kept);
      this.receipts.set(receipt.key, receipt.record);
    }
    this.pushMessage(message);
  }

  async claimWorkflowWorkItems(workerId: string, limit: number, leaseMs: number, now: Date, filter?: NameFilter): Promise<WorkflowWorkItem[]> {
    const t = now.getTime();
    const items: WorkflowWorkItem[] = [];
    const seen = new Set<string>();
    for (const message of this.inbox) {
      if (items.length >= limit) break;
      if (message.visibleAt.getTime() > t || seen.has(message.instanceId)) continue;
      seen.add(message.instanceId);
      const row = this.instances.get(message.instanceId);
      if (!row || (row.lockedBy && row.lockExpiresAt! > t) || !matchesNameFilter(filter, row.name)) continue;
      row.lockedBy = workerId;
      row.lockExpiresAt = t + leaseMs;
      const messages = this.inbox.filter((m) => m.instanceId === row.instanceId && m.visibleAt.getTime() <= t);
      items.push({ instance: publicInstance(row), messages: structuredClone(messages) });
    }
    return items;
  }

  async commitWorkflowStep(workerId: string, commit: WorkflowStepCommit): Promise<number[]> {
    const row = this.instances.get(commit.instanceId);
    const ids = new Set(commit.consumedMessageIds);
    const present = this.inbox.filter((m) => ids.has(m.id)).length;
    if (!row || row.lockedBy !== workerId || row.version !== commit.expectedVersion || present !== ids.size) {
      throw new LeaseLostError(`instance '${commit.instanceId}'`);
    }
    this.inbox = this.inbox.filter((m) => !ids.has(m.id));
    if (commit.resetHistory) {
      if (commit.archive) this.archiveExecution(commit.archive);
      // Continue-as-new numbers tasks from 0 again: the old run's log lines would attach to the new run's tasks.
      this.history.set(row.instanceId, []);
      this.logs = this.logs.filter((l) => l.instanceId !== row.instanceId);
    }
    const history = this.history.get(row.instanceId)!;
    for (const event of commit.newEvents) history.push({ ...structuredClone(event), sequence: history.length });
    const u = commit.update;
    Object.assign(row, instanceAfterStep(row, commit), { waiting: summarizeWaiting(u.waitingOn, u.lastUpdatedAt), lockedBy: undefined, lockExpiresAt: undefined });
    if (commit.discardPendingWork) {
      this.inbox = this.inbox.filter((m) => m.instanceId !== row.instanceId);
      this.tasks = this.tasks.filter((task) => task.instanceId !== row.instanceId);
    }
    const taskIds = commit.activityTasks.map(({ leasedTo, ...task }) => {
      const id = this.nextId++;
      this.tasks.push({ ...task, id, lockedBy: leasedTo?.workerId, lockExpiresAt: leasedTo?.until.getTime() });
      return id;
    });
    for (const child of commit.children) {
      const existing = this.instances.get(child.instanceId);
      if (existing && !isTerminalStatus(existing.status)) this.pushMessage(childRejectedMessage(child, existing.status));
      else this.insertInstance(child);
    }
    for (const message of commit.messages) if (this.instances.has(message.instanceId)) this.pushMessage(message);
    return taskIds;
  }

  async abandonWorkflowWorkItem(workerId: string, instanceId: string): Promise<void> {
    const row = this.instances.get(instanceId);
    if (row?.lockedBy === workerId) Object.assign(row, { lockedBy: undefined, lockExpiresAt: undefined });
  }

  async abandonActivityTask(workerId: string, taskRowId: number): Promise<void> {
    const task = this.tasks.find((t) => t.id === taskRowId);
    if (task?.lockedBy === workerId) Object.assign(task, { lockedBy: undefined, lockExpiresAt: undefined });
  }

  async renewWorkflowLeases(workerId: string, instanceIds: string[], leaseMs: number, now: Date): Promise<string[]> {
    return [...new Set(instanceIds)].filter((id) => {
      const row = this.instances.get(id);
      if (row?.lockedBy !== workerId) return false;
      row.lockExpiresAt = now.getTime() + leaseMs;
      return true;
    });
  }

  async claimActivityTasks(workerId: string, limit: number, leaseMs: number, now: Date, filter?: NameFilter): Promise<ActivityTaskRecord[]> {
    const t = now.getTime();
    const claimed: ActivityTaskRecord[] = [];
    for (const task of this.tasks) {
      if (claimed.length >= limit) break;
      if (task.visibleAt.getTime() > t || (task.lockedBy && task.lockExpiresAt! > t) || !matchesNameFilter(filter, task.name)) continue;
      task.lockedBy = workerId;
      task.lockExpiresAt = t + leaseMs;
      claimed.push(publicTask(task));
    }
    return claimed;
  }

  async renewActivityLeases(workerId: string, taskIds: number[], leaseMs: number, now: Date): Promise<number[]> {
    const renewed: number[] = [];
    for (const task of this.tasks) {
      if (taskIds.includes(task.id) && task.lockedBy === workerId) {
        task.lockExpiresAt = now.getTime() + leaseMs;
        renewed.push(task.id);
      }
    }
    return renewed;
  }

  async completeActivityTask(workerId: string, taskRowId: number, result: NewInboxMessage, step?: WorkflowStepCommit): Promise<ActivityDelivery> {
    const task = this.tasks.find((x) => x.id === taskRowId);
    if (!task || task.lockedBy !== workerId) throw new LeaseLostError(`activity task ${taskRowId}`);
    this.tasks = this.tasks.filter((x) => x !== task);
    const row = step?.instanceId === task.instanceId ? this.instances.get(step.instanceId) : undefined;
    if (step && row && row.version === step.expectedVersion && (!row.lockedBy || (row.lockExpiresAt ?? 0) <= Date.now())) {
      row.lockedBy = workerId;
      return { stepped: true, taskIds: await this.commitWorkflowStep(workerId, step) };
    }
    if (this.instances.has(result.instanceId)) this.pushMessage(result);
    return { stepped: false };
  }

  async releaseLeases(workerId: string): Promise<void> {
    for (const row of [...this.instances.values(), ...this.tasks]) {
      if (row.lockedBy === workerId) Object.assign(row, { lockedBy: undefined, lockExpiresAt: undefined });
    }
  }

  async recordHeartbeat(worker: WorkerHeartbeat): Promise<void> {
    this.heartbeats.set(worker.workerId, structuredClone(worker));
  }

  async listHeartbeats(): Promise<WorkerHeartbeat[]> {
    return [...this.heartbeats.values()].sort((a, b) => (a.workerId < b.workerId ? -1 : 1)).map((w) => structuredClone(w));
  }

  async deleteHeartbeat(workerId: string): Promise<void> {
    this.heartbeats.delete(workerId);
  }

  async takeOverWorker(workerId: string, lastSeenAt: Date): Promise<boolean> {
    const row = this.heartbeats.get(workerId);
    if (!row || row.lastSeenAt > lastSeenAt) return false;
    this.heartbeats.delete(workerId);
    await this.releaseLeases(workerId);
    return true;
  }

  async nextVisibleAt(now: Date): Promise<Date | undefined> {
    const times = [...this.inbox, ...this.tasks].map((x) => x.visibleAt.getTime()).filter((x) => x > now.getTime());
    return times.length ? new Date(Math.min(...times)) : undefined;
  }

  async listInstances(query: InstanceQuery): Promise<InstancePage> {
    const sign = (query.order ?? 'desc') === 'desc' ? -1 : 1;
    const sort = query.sort ?? 'created';
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (after && (after.sort ?? 'created') !== sort) throw new RangeError(`invalid cursor '${query.cursor}': it was made for another sort`);
    const afterRow = after && { ...after, createdAt: new Date(after.createdAt), lastUpdatedAt: new Date(0), name: '', status: '' };
    if (afterRow && after.sort) Object.assign(afterRow, cursorKey(sort, after.value!));
    const rows = [...this.instances.values()]
      .filter((r) => matchesInstanceQuery(r, query))
      .sort((a, b) => sign * compareBySort(a, b, sort))
      .filter((r) => !afterRow || sign * compareBySort(r, afterRow, sort) > 0);
    const items = rows.slice(0, query.limit).map(publicInstance);
    const last = items[items.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeCursor(last, sort, sort === 'created' ? undefined : sortValue(last, sort)) : undefined;
    return { items, nextCursor };
  }

  async countInstancesByStatus(query: InstanceCountQuery): Promise<Partial<Record<RuntimeStatus, number>>> {
    const counts: Partial<Record<RuntimeStatus, number>> = {};
    for (const r of this.instances.values()) if (matchesInstanceQuery(r, query)) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  }

  async countInstancesByNameAndStatus(): Promise<InstanceNameStatusCount[]> {
    const counts = new Map<string, InstanceNameStatusCount>();
    for (const r of this.instances.values()) {
      const key = `${r.name}\u0000${r.status}`;
      const entry = counts.get(key) ?? { name: r.name, status: r.status, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
    return [...counts.values()];
  }

  async readBacklog(now: Date, horizonMs: number): Promise<BacklogSnapshot> {
    const t = now.getTime();
    const unleased = (lease: Lease | undefined) => !lease?.lockedBy || (lease.lockExpiresAt ?? 0) <= t;
    const oldest = (times: number[]) => (times.length ? new Date(Math.min(...times)) : undefined);
    const visible = this.inbox.filter((m) => m.visibleAt.getTime() <= t && unleased(this.instances.get(m.instanceId)));
    return {
      oldestInboxVisibleAt: oldest(visible.map((m) => m.visibleAt.getTime())),
      oldestActivityVisibleAt: oldest(this.tasks.filter((task) => task.visibleAt.getTime() <= t && unleased(task)).map((task) => task.visibleAt.getTime())),
      timersDue: this.inbox.filter((m) => m.visibleAt.getTime() > t && m.visibleAt.getTime() <= t + horizonMs).length,
    };
  }

  async listInstancesWaitingForEvents(limit: number): Promise<InstanceRecord[]> {
    return [...this.instances.values()]
      .filter((r) => r.waitingForEventSince)
      .sort((a, b) => a.waitingForEventSince!.getTime() - b.waitingForEventSince!.getTime())
      .slice(0, limit)
      .map(publicInstance);
  }

  async purgeInstance(instanceId: string, recursive: boolean): Promise<number> {
    return purgeInstanceTree(this, instanceId, recursive);
  }

  /** The ID and status of every child of `parentIds` (for purgeInstanceTree). */
  async childStatuses(parentIds: readonly string[]): Promise<InstanceStatusRow[]> {
    const parents = new Set(parentIds);
    return [...this.instances.values()].filter((r) => r.parentInstanceId !== undefined && parents.has(r.parentInstanceId)).map(statusRow);
  }

  /** Deletes the instances when all that exist are purgeable, else nothing (for purgeInstanceTree). */
  async deletePurgeable(instanceIds: readonly string[]): Promise<PurgeOutcome> {
    const rows = [...new Set(instanceIds)].flatMap((id) => this.instances.get(id) ?? []);
    const blocker = rows.find((r) => !isPurgeableStatus(r.status));
    if (blocker) return { blocker: statusRow(blocker) };
    for (const r of rows) this.deleteInstanceData(r.instanceId);
    return { deleted: rows.length };
  }

  async appendActivityLog(instanceId: string, taskId: number, message: string, at: Date): Promise<void> {
    this.logs.push({ instanceId, taskId, message, createdAt: at });
  }

  async getActivityLogs(instanceId: string): Promise<ActivityLogLine[]> {
    return this.logs.filter((l) => l.instanceId === instanceId).map(({ taskId, message, createdAt }) => ({ taskId, message, createdAt }));
  }

  async listClosedExecutions(instanceId: string): Promise<ClosedExecutionRecord[]> {
    return (this.closed.get(instanceId) ?? []).map(({ history, ...record }) => ({ ...structuredClone(record), historyLength: history.length }));
  }

  async getClosedExecutionHistory(instanceId: string, executionId: string): Promise<SequencedHistoryEvent[] | undefined> {
    const kept = this.closed.get(instanceId)?.find((e) => e.executionId === executionId);
    return kept && structuredClone(kept.history);
  }

  async createRerunInstance(rerun: NewRerunInstance): Promise<void> {
    const { instance } = rerun;
    const existing = this.instances.get(instance.instanceId);
    if (existing) throw new InstanceAlreadyExistsError(instance.instanceId, existing.status);
    const u = rerunInstanceUpdate(rerun);
    this.instances.set(instance.instanceId, {
      ...structuredClone(instance),
      status: u.status,
      waitingOn: u.waitingOn,
      waitingForEventSince: u.waitingForEventSince ?? undefined,
      lastUpdatedAt: u.lastUpdatedAt,
      historyLength: rerun.history.length,
      version: 0,
    });
    this.history.set(instance.instanceId, rerun.history.map((e, sequence) => ({ ...structuredClone(e), sequence })));
    for (const task of rerun.activityTasks) this.tasks.push({ ...task, id: this.nextId++ });
    for (const child of rerun.children) {
      const other = this.instances.get(child.instanceId);
      if (other && !isTerminalStatus(other.status)) this.pushMessage(childRejectedMessage(child, other.status));
      else this.insertInstance(child);
    }
    for (const message of rerun.messages) this.pushMessage(message);
    this.links.push(structuredClone(rerun.link));
  }

  async getRerunLinks(instanceId: string): Promise<RerunLinks> {
    const source = this.links.find((l) => l.instanceId === instanceId);
    const reruns = this.links.filter((l) => l.sourceInstanceId === instanceId).slice(0, MAX_RERUNS_LISTED);
    return structuredClone({ ...(source ? { source } : {}), reruns });
  }

  async close(): Promise<void> {}

  /** Keeps the execution a continue-as-new closes, dropping the oldest beyond the archive's cap. */
  private archiveExecution(archive: ExecutionArchive): void {
    const { record } = archive;
    const stored = this.history.get(record.instanceId) ?? [];
    const history = [...stored, ...archive.closingEvents].map((e, sequence) => ({ ...structuredClone(e), sequence }));
    const kept = (this.closed.get(record.instanceId) ?? []).filter((e) => e.index !== record.index && e.index > record.index - archive.keep);
    this.closed.set(record.instanceId, [...kept, { ...structuredClone(record), history }].sort((a, b) => a.index - b.index));
  }

  private pushMessage(message: NewInboxMessage): void {
    this.inbox.push({ ...structuredClone(message), id: this.nextId++ });
  }

  private deleteInstanceData(instanceId: string): void {
    this.instances.delete(instanceId);
    this.history.delete(instanceId);
    this.inbox = this.inbox.filter((m) => m.instanceId !== instanceId);
    this.tasks = this.tasks.filter((t) => t.instanceId !== instanceId);
    this.logs = this.logs.filter((l) => l.instanceId !== instanceId);
    this.closed.delete(instanceId);
    this.links = this.links.filter((l) => l.instanceId !== instanceId);
  }
}

function publicInstance(row: StoredInstance): InstanceRecord {
  const { lockedBy: _l, lockExpiresAt: _e, ...rest } = row;
  return structuredClone(rest);
}

function statusRow(row: StoredInstance): InstanceStatusRow {
  return { instanceId: row.instanceId, status: row.status };
}

function publicTask(task: StoredTask): ActivityTaskRecord {
  const { id, instanceId, executionId, taskId, name, input, attempt, visibleAt, trace } = task;
  return { id, instanceId, executionId, taskId, name, input, attempt, visibleAt, ...(trace && { trace }) };
}

/** The sort key fields a cursor's value stands for. */
function cursorKey(sort: InstanceSort, value: number | string): Partial<InstanceRecord> {
  if (sort === 'updated') return { lastUpdatedAt: new Date(value) };
  if (sort === 'completed') return { completedAt: new Date(value) };
  if (sort === 'duration') return { durationMs: Number(value) };
  return { [sort]: value };
}
