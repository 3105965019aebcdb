// The GetWorkItems streams of connected SDK workers: work items go out on them, at most a fixed number per
// stream at a time, and the separate completion calls are matched back to the item they answer.
import type * as grpc from '@grpc/grpc-js';
import type { PbActivityRequest, PbActivityResponse, PbOrchestratorRequest, PbOrchestratorResponse } from './proto-types';

/** Flow control and timeouts of the streams. */
export interface WorkerStreamOptions {
  /** Most work items outstanding on one stream (the JS SDK runs 10, queues 100 and drops the rest silently). */
  maxOutstandingPerStream: number;
  /** How long a workflow step may go unanswered before it is taken back and redelivered. */
  stepAnswerTimeoutMs: number;
  /** How long after its stream ended a work item still accepts its completion (they are separate calls). */
  lateCompletionGraceMs: number;
}

/** Why a work item came back unanswered: it is then redelivered. */
export class WorkItemNotAnsweredError extends Error {
  override name = 'WorkItemNotAnsweredError';
}

/** An open GetWorkItems call; `peer` is the client connection it came on (the SDK sends its answers on it too). */
type Stream = { id: number; call: grpc.ServerWritableStream<unknown, unknown>; peer: string; outstanding: number; strikes: number; open: boolean; connectedAt: Date };

/** One open stream as the System page lists it: the SDK worker's connection, since when, and its unanswered items. */
export interface WorkerStreamView {
  id: number;
  peer: string;
  connectedAt: Date;
  outstanding: number;
}
type Pending<T> = { stream: Stream; resolve: (value: T) => void; reject: (error: Error) => void; timer?: NodeJS.Timeout };
type Owed = { stream: Stream; reject: (error: Error) => void; timer?: NodeJS.Timeout };

/** The connected streams of this process, their outstanding work items and the completions awaited. */
export class WorkerStreams {
  private readonly streams = new Set<Stream>();
  private readonly steps = new Map<string, Pending<PbOrchestratorResponse>>();
  private readonly activities = new Map<string, Pending<PbActivityResponse>[]>();
  private readonly listeners = new Set<() => void>();
  private nextId = 1;

  constructor(private readonly options: WorkerStreamOptions) {}

  /** How many streams are open. */
  connected(): number {
    return this.streams.size;
  }

  /** The open streams, oldest first. */
  list(): WorkerStreamView[] {
    return [...this.streams].map((s) => ({ id: s.id, peer: s.peer, connectedAt: s.connectedAt, outstanding: s.outstanding }));
  }

  /** Work items sent on the open streams and not answered yet. */
  outstanding(): number {
    let total = 0;
    for (const s of this.streams) total += s.outstanding;
    return total;
  }

  /** Work items that can be sent now without exceeding any stream's cap. */
  freeSlots(): number {
    let free = 0;
    for (const s of this.streams) free += Math.max(0, this.options.maxOutstandingPerStream - s.outstanding);
    return free;
  }

  /** Calls `listener` whenever streams change (one connects or ends, an item is answered); returns an unsubscribe. */
  onCapacity(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves true once a stream is open (at once if one is), false after `timeoutMs` without one. */
  waitForConnection(timeoutMs: number): Promise<boolean> {
    if (this.streams.size > 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (connected: boolean) => {
        clearTimeout(timer);
        unsubscribe();
        resolve(connected);
      };
      const unsubscribe = this.onCapacity(() => this.streams.size > 0 && done(true));
      const timer = setTimeout(() => done(false), timeoutMs);
      timer.unref();
    });
  }

  /** Takes a new GetWorkItems call; it stays open until the client or the server ends it. */
  attach(call: grpc.ServerWritableStream<unknown, unknown>): void {
    const stream: Stream = { id: this.nextId++, call, peer: call.getPeer(), outstanding: 0, strikes: 0, open: true, connectedAt: new Date() };
    this.streams.add(stream);
    const detach = () => this.detach(stream);
    call.on('cancelled', detach);
    call.on('close', detach);
    call.on('error', detach);
    call.on('finish', detach);
    this.signal();
  }

  /** Sends a workflow step and resolves with the SDK's answer; rejects with WorkItemNotAnsweredError. */
  dispatchStep(request: PbOrchestratorRequest): Promise<PbOrchestratorResponse> {
    if (this.steps.has(request.instanceId)) return Promise.reject(new WorkItemNotAnsweredError(`a step of '${request.instanceId}' is already out`));
    return this.send({ orchestratorRequest: request }, (pending) => this.steps.set(request.instanceId, pending), () => this.steps.delete(request.instanceId), this.options.stepAnswerTimeoutMs);
  }

  /** Sends an activity attempt and resolves with the SDK's answer; rejects with WorkItemNotAnsweredError. */
  dispatchActivity(request: PbActivityRequest): Promise<PbActivityResponse> {
    const key = activityKey(request.orchestrationInstance.instanceId, request.taskId);
    let entry: Pending<PbActivityResponse>;
    return this.send(
      { activityRequest: request },
      (pending) => {
        entry = pending;
        this.activities.set(key, [...(this.activities.get(key) ?? []), pending]);
      },
      () => {
        const rest = (this.activities.get(key) ?? []).filter((p) => p !== entry);
        if (rest.length) this.activities.set(key, rest);
        else this.activities.delete(key);
      },
      undefined,
    );
  }

  /**
   * Delivers an SDK's answer to the step it belongs to; false when no step of that instance is out here, or
   * when the answer came over the connection of another open stream than the one holding the step (a worker
   * whose step timed out and went to another worker: its late answer, computed without the events the
   * redelivered step carries, must not count). `peer` is the answering call's connection (`call.getPeer()`).
   */
  completeStep(response: PbOrchestratorResponse, peer?: string): boolean {
    const pending = this.steps.get(response.instanceId);
    if (!pending || this.fromAnotherOpenStream(pending.stream, peer)) return false;
    this.steps.delete(response.instanceId);
    this.settle(pending);
    pending.resolve(response);
    return true;
  }

  /** Delivers an activity's answer; false when no such attempt is out here. */
  completeActivity(response: PbActivityResponse): boolean {
    const key = activityKey(response.instanceId, response.taskId);
    const queue = this.activities.get(key);
    const pending = queue?.shift();
    if (!pending) return false;
    if (!queue!.length) this.activities.delete(key);
    this.settle(pending);
    pending.resolve(response);
    return true;
  }

  /** Ends every stream (server stopping); their work items come back unanswered. */
  close(): void {
    for (const stream of [...this.streams]) {
      stream.call.end();
      this.detach(stream);
    }
  }

  private async send<T>(item: object, register: (p: Pending<T>) => void, unregister: () => void, timeoutMs: number | undefined): Promise<T> {
    const stream = await this.reserveSlot();
    if (!stream) {
      throw new WorkItemNotAnsweredError(this.streams.size ? `every connected worker stayed full for ${this.options.stepAnswerTimeoutMs} ms` : 'no worker is connected');
    }
    return new Promise<T>((resolve, reject) => {
      const pending: Pending<T> = { stream, resolve, reject };
      if (timeoutMs !== undefined) {
        pending.timer = setTimeout(() => {
          unregister();
          stream.strikes++;
          this.settle(pending);
          reject(new WorkItemNotAnsweredError(`the worker did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.timer.unref();
      }
      register(pending);
      pending.stream.call.write(item);
    });
  }

  /**
   * Takes a slot on the stream with the most room. While streams are open but all full (the engine's claims run
   * a little ahead of the slots), waits for one to free, up to the step answer timeout, rather than turning the
   * item away; undefined when no stream is open or none freed in time. Waiters get freed slots in arrival order.
   */
  private reserveSlot(): Promise<Stream | undefined> {
    const now = this.takeSlot();
    if (now || this.streams.size === 0) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = (stream: Stream | undefined) => {
        clearTimeout(timer);
        unsubscribe();
        resolve(stream);
      };
      const unsubscribe = this.onCapacity(() => {
        if (this.streams.size === 0) return done(undefined);
        const stream = this.takeSlot();
        if (stream) done(stream);
      });
      const timer = setTimeout(() => done(undefined), this.options.stepAnswerTimeoutMs);
      timer.unref();
    });
  }

  /** Counts an item against the stream with the most room now, if any has room. */
  private takeSlot(): Stream | undefined {
    const stream = this.pickStream();
    if (stream) stream.outstanding++;
    return stream;
  }

  /** The open stream with the most room, preferring streams that never let an item time out. */
  private pickStream(): Stream | undefined {
    let best: Stream | undefined;
    for (const s of this.streams) {
      if (!s.open || s.outstanding >= this.options.maxOutstandingPerStream) continue;
      if (!best || s.strikes < best.strikes || (s.strikes === best.strikes && s.outstanding < best.outstanding)) best = s;
    }
    return best;
  }

  /** True when `peer` is the connection of an open stream other than `holder`, which is open itself. */
  private fromAnotherOpenStream(holder: Stream, peer: string | undefined): boolean {
    if (peer === undefined || peer === holder.peer || !holder.open) return false;
    for (const s of this.streams) if (s.peer === peer) return true;
    return false;
  }

  private settle(pending: { stream: Stream; timer?: NodeJS.Timeout }): void {
    clearTimeout(pending.timer);
    pending.stream.outstanding = Math.max(0, pending.stream.outstanding - 1);
    if (pending.stream.open) this.signal();
  }

  /** A stream ended: after the grace, whatever it still owes comes back unanswered. */
  private detach(stream: Stream): void {
    if (!stream.open) return;
    stream.open = false;
    this.streams.delete(stream);
    this.signal(); // items waiting for room give up when no stream is left
    const owed = () => [
      ...[...this.steps].filter(([, p]) => p.stream === stream).map(([key, p]) => ({ p: p as Owed, drop: () => this.steps.delete(key) })),
      ...[...this.activities].flatMap(([key, list]) =>
        list.filter((p) => p.stream === stream).map((p) => ({ p: p as Owed, drop: () => this.dropActivity(key, p) })),
      ),
    ];
    const timer = setTimeout(() => {
      for (const { p, drop } of owed()) {
        drop();
        clearTimeout(p.timer);
        p.reject(new WorkItemNotAnsweredError('the worker disconnected before answering'));
      }
    }, this.options.lateCompletionGraceMs);
    timer.unref();
  }

  private dropActivity(key: string, pending: Pending<PbActivityResponse>): void {
    const rest = (this.activities.get(key) ?? []).filter((p) => p !== pending);
    if (rest.length) this.activities.set(key, rest);
    else this.activities.delete(key);
  }

  private signal(): void {
    for (const listener of this.listeners) listener();
  }
}

function activityKey(instanceId: string, taskId: number): string {
  return `${taskId}\u0000${instanceId}`;
}
