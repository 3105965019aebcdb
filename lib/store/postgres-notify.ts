// Cross-process wake-ups on PostgreSQL: after a write commits work (a new instance, an inbox message, an
// activity task, a timer), the store NOTIFYs one channel; every store on the database LISTENs on it and wakes
// its process's claim loops, which otherwise find other processes' work only when they poll (pollIntervalMs).
//
// One connection of its own per store, opened on first use, both listens and sends. Signals are coalesced:
// those published while a NOTIFY is on its way go out together in the next one (one statement, chunked to
// PostgreSQL's 8,000-byte payload limit), so a busy process sends about one NOTIFY per round trip, not one per
// row. A NOTIFY is sent after the commit (a crash in between costs the others a poll interval, nothing else).
// The connection is lost like any other (a restart, pg_terminate_backend): its 'error' and 'end' are handled,
// it reconnects with the claim loops' back-off, and after a reconnect the listeners are woken once (what was
// sent meanwhile was missed); while it is down the claim loops still poll. Its socket is unref'd: it never
// keeps a process alive.
//
// A payload is `<sender> <flags> <instanceId>...`: the sending store's random ID (a store ignores its own
// wake-ups: its process was woken in-process), 'w' (workflow work) and/or 'a' (activity work) or '-', then
// the instances waiting clients may want to re-read. Instance IDs never contain spaces (instance-id.ts).
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import pg from 'pg';
import { pgConnectionConfig } from '../db/schema-engine-adapter';
import { claimBackoffMs } from '../engine/claim-loop';
import { isTerminalStatus } from '../engine/runtime-status';
import type { WorkflowStepCommit } from '../engine/store';
import type { RemoteWork } from '../engine/work-notifier';

/** The channel every Flowdeck store on a database listens on. */
export const WORK_CHANNEL = 'flowdeck_work';

/** The application_name of the channel's connection (pg_stat_activity shows it). */
export const WORK_CHANNEL_APPLICATION = 'flowdeck-work-channel';

/** Payload bytes per NOTIFY, under PostgreSQL's limit of 8,000. */
const MAX_PAYLOAD_BYTES = 7_900;

/** What a committed write made ready, for the other processes. */
export interface WorkSignal {
  workflow?: boolean;
  activity?: boolean;
  /** An instance that started or reached a status waiting clients wait for. */
  instanceId?: string;
}

/** The NOTIFY payloads of one flush: the flags, then as many instance IDs as fit in each. */
export function encodeWorkPayloads(sender: string, workflow: boolean, activity: boolean, instanceIds: readonly string[]): string[] {
  const flags = `${workflow ? 'w' : ''}${activity ? 'a' : ''}` || '-';
  const payloads: string[] = [];
  let current = `${sender} ${flags}`;
  for (const id of instanceIds) {
    if (current.length + 1 + id.length > MAX_PAYLOAD_BYTES) {
      payloads.push(current);
      current = `${sender} -`;
    }
    current += ` ${id}`;
  }
  payloads.push(current);
  return payloads;
}

/** A payload as the wake-up it carries, with its sender's ID; undefined for one that is not Flowdeck's. */
export function decodeWorkPayload(payload: string): { sender: string; work: RemoteWork } | undefined {
  const [sender, flags, ...instanceIds] = payload.split(' ');
  if (!sender || !flags) return undefined;
  return { sender, work: { workflow: flags.includes('w'), activity: flags.includes('a'), instanceIds } };
}

/** One store's side of the channel: publish() after commits, watch() for the other processes' wake-ups. */
export class PostgresWorkChannel {
  private readonly sender = randomBytes(6).toString('base64url');
  private readonly watchers = new Set<(work: RemoteWork) => void>();
  private pending = { workflow: false, activity: false, instanceIds: new Set<string>() };
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client | undefined> | undefined;
  private connectedBefore = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private flushing = false;
  private closed = false;

  constructor(private readonly url: () => string) {}

  /** Queues a wake-up for the other processes; sent with the others queued meanwhile. */
  publish(signal: WorkSignal): void {
    if (this.closed || !(signal.workflow || signal.activity || signal.instanceId)) return;
    const p = this.pending;
    p.workflow ||= signal.workflow === true;
    p.activity ||= signal.activity === true;
    if (signal.instanceId) p.instanceIds.add(signal.instanceId);
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => void this.flush());
    }
  }

  /** Calls `listener` with every other store's wake-ups (and once after a reconnect); returns the unsubscribe function. */
  watch(listener: (work: RemoteWork) => void): () => void {
    this.watchers.add(listener);
    void this.connection();
    return () => this.watchers.delete(listener);
  }

  /** Ends the connection; nothing is sent or heard afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client ?? (await this.connecting);
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private hasPending(): boolean {
    const p = this.pending;
    return p.workflow || p.activity || p.instanceIds.size > 0;
  }

  private async flush(): Promise<void> {
    try {
      while (this.hasPending() && !this.closed) {
        const { workflow, activity, instanceIds } = this.pending;
        this.pending = { workflow: false, activity: false, instanceIds: new Set() };
        const client = await this.connection();
        // No connection: the wake-ups are lost and the other processes find the work when they poll.
        if (!client) continue;
        const payloads = encodeWorkPayloads(this.sender, workflow, activity, [...instanceIds]);
        await client.query({ text: 'SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', values: [WORK_CHANNEL, payloads] }).catch(() => undefined);
      }
    } finally {
      this.flushing = false;
    }
  }

  /** The open connection, or the one being opened; undefined while it cannot be opened (a retry is scheduled). */
  private connection(): Promise<pg.Client | undefined> {
    if (this.client) return Promise.resolve(this.client);
    if (this.closed) return Promise.resolve(undefined);
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<pg.Client | undefined> {
    const client = new pg.Client({ ...pgConnectionConfig(this.url()), application_name: WORK_CHANNEL_APPLICATION, keepAlive: true } as pg.ClientConfig);
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      this.retryLater();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (message) => this.heard(message));
    try {
      await client.connect();
      (client as unknown as { connection: { stream: Socket } }).connection.stream.unref?.();
      await client.query(`LISTEN ${WORK_CHANNEL}`);
    } catch {
      onLost();
      return undefined;
    }
    if (lost) return undefined;
    if (this.closed) {
      await client.end().catch(() => undefined);
      return undefined;
    }
    this.client = client;
    this.failures = 0;
    // Whatever was sent while this store was not listening was missed: wake the claim loops once.
    if (this.connectedBefore) this.dispatch({ workflow: true, activity: true, instanceIds: [] });
    this.connectedBefore = true;
    return client;
  }

  /** Reconnects after the claim loops' back-off (doubling from 100 ms up to 2 s, jittered). */
  private retryLater(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connection();
    }, claimBackoffMs(++this.failures));
    this.retryTimer.unref();
  }

  private heard(message: pg.Notification): void {
    if (message.channel !== WORK_CHANNEL || !message.payload) return;
    const decoded = decodeWorkPayload(message.payload);
    if (decoded && decoded.sender !== this.sender) this.dispatch(decoded.work);
  }

  private dispatch(work: RemoteWork): void {
    for (const watcher of this.watchers) watcher(work);
  }
}

/** What a committed step made ready: its messages and children (workflow work), tasks, and a status clients wait for. */
export function stepSignal(commit: WorkflowStepCommit): WorkSignal {
  const { status } = commit.update;
  const waitedFor = isTerminalStatus(status) || status === 'SUSPENDED' || commit.newEvents.some((e) => e.kind === 'ExecutionStarted');
  return {
    workflow: commit.messages.length > 0 || commit.children.length > 0,
    activity: commit.activityTasks.some((task) => !task.leasedTo),
    instanceId: waitedFor ? commit.instanceId : undefined,
  };
}
