// Ended spans as plain records, sent in batches to the export worker thread (span-export-worker.mjs), which makes
// them OpenTelemetry spans and exports them: the engine's thread only fills in a record, so a traced step costs it
// a few microseconds instead of the SDK's span objects, JSON encoding and HTTP requests.
import { randomFillSync } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** One ended span, with the IDs the engine chose for it (epoch milliseconds for times). */
export interface SpanRecord {
  name: string;
  /** OpenTelemetry SpanKind: 0 internal, 1 server. */
  kind: 0 | 1;
  traceId: string;
  spanId: string;
  /** The parent span's ID (in the same trace); absent for a trace's root. */
  parentSpanId?: string;
  /** The W3C tracestate the trace carries. */
  traceState?: string;
  startTime: number;
  endTime: number;
  attributes: Record<string, string | number>;
  /** Set when the span ended in error: the status message. */
  error?: string;
  /** An exception recorded on the span (as an "exception" event). */
  exception?: { name: string; message: string; stack?: string };
}

/** Records per message to the worker, and how long a partial batch waits. */
const BATCH_SIZE = 256;
const BATCH_DELAY_MS = 100;

/** Where the engine's thread puts ended spans; they reach the exporter in batches. */
export class SpanRecorder {
  private batch: SpanRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly waiting = new Map<number, { resolve(): void; reject(error: Error): void }>();
  private nextRequest = 0;
  private stopped = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: { done: number; error?: string }) => {
      const request = this.waiting.get(message.done);
      this.waiting.delete(message.done);
      if (this.waiting.size === 0) worker.unref();
      if (message.error === undefined) request?.resolve();
      else request?.reject(new Error(message.error));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => this.failAll(new Error('the span export worker stopped')));
    // The worker never keeps the process alive by itself, only while a flush or shutdown is awaited.
    worker.unref();
  }

  /** Starts the export worker, with `env` (the OTEL_* variables) as its environment. */
  static start(env: NodeJS.ProcessEnv): SpanRecorder {
    // A path from the working directory, as the app's other runtime files (lib/db/config.ts): the worker runs the
    // file as it is, whatever bundled or compiled the module that starts it.
    const file = path.join(/* turbopackIgnore: true */ process.cwd(), 'lib', 'observability', 'span-export-worker.mjs');
    return new SpanRecorder(new Worker(file, { env }));
  }

  /** Queues one ended span (dropped after shutdown). */
  record(span: SpanRecord): void {
    if (this.stopped) return;
    this.batch.push(span);
    if (this.batch.length >= BATCH_SIZE) this.send();
    else this.timer ??= setTimeout(() => this.send(), BATCH_DELAY_MS).unref();
  }

  /** Sends the queued spans and waits until the worker has exported everything it holds. */
  forceFlush(): Promise<void> {
    this.send();
    return this.request('flush');
  }

  /** Sends the queued spans, waits for the worker to export them and stops it (call once). */
  async shutdown(): Promise<void> {
    this.send();
    this.stopped = true;
    try {
      await this.request('shutdown');
    } finally {
      await this.worker.terminate();
    }
  }

  private send(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.batch.length === 0) return;
    const records = this.batch;
    this.batch = [];
    this.worker.postMessage({ records });
  }

  private request(kind: 'flush' | 'shutdown'): Promise<void> {
    const id = this.nextRequest++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ [kind]: id });
    });
  }

  private failAll(error: Error): void {
    for (const request of this.waiting.values()) request.reject(error);
    this.waiting.clear();
  }
}

/** Random bytes drawn a block at a time: a span ID costs a slice of the block, not a call into OpenSSL. */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

/** A random W3C ID of `bytes` bytes as lowercase hex (never all zeros). */
export function randomId(bytes: 8 | 16): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const id = pool.toString('hex', poolOffset, (poolOffset += bytes));
  return /^0+$/.test(id) ? `${id.slice(0, -1)}1` : id;
}

const timeOrigin = performance.timeOrigin;

/** Now, in epoch milliseconds with the monotonic clock's fraction (what a span's times are). */
export function nowMs(): number {
  return timeOrigin + performance.now();
}
