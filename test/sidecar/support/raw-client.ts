// Raw @grpc/grpc-js calls to the sidecar (with the protocol the packages ship), for inputs an SDK never sends.
import * as grpc from '@grpc/grpc-js';
import { loadSidecarProtocol } from '@/lib/sidecar/protocol';

/** What a raw call ended with: the response, or the status code, message and `error-code` metadata. */
export type RawResult<T = Record<string, unknown>> = { ok: true; response: T } | { ok: false; code: grpc.status; details: string; errorCode?: string };

/** Options of one call: a deadline in ms from now, and the API token to send. */
export interface RawCallOptions {
  deadlineMs?: number;
  token?: string;
}

/** Unary calls to TaskHubSidecarService and dapr.proto.runtime.v1.Dapr on `address`. */
export class RawSidecarClient {
  private readonly clients: Record<'taskHub' | 'dapr', grpc.Client & Record<string, unknown>>;

  constructor(address: string, private readonly defaultToken?: string) {
    const protocol = loadSidecarProtocol();
    const make = (definition: grpc.ServiceDefinition) => {
      const Ctor = grpc.makeClientConstructor(definition, 'service');
      return new Ctor(address, grpc.credentials.createInsecure()) as grpc.Client & Record<string, unknown>;
    };
    this.clients = { taskHub: make(protocol.taskHub), dapr: make(protocol.dapr) };
  }

  /** Calls TaskHubSidecarService/`method`. */
  taskHub<T = Record<string, unknown>>(method: string, request: object, options: RawCallOptions = {}): Promise<RawResult<T>> {
    return this.call('taskHub', method, request, options);
  }

  /** Calls dapr.proto.runtime.v1.Dapr/`method`. */
  dapr<T = Record<string, unknown>>(method: string, request: object, options: RawCallOptions = {}): Promise<RawResult<T>> {
    return this.call('dapr', method, request, options);
  }

  /** Opens the server stream TaskHubSidecarService/`method` and resolves with how it ended. */
  stream(method: string, request: object, options: RawCallOptions = {}): Promise<RawResult<unknown[]>> {
    const fn = this.clients.taskHub[method] as (req: object, md: grpc.Metadata, opts: grpc.CallOptions) => grpc.ClientReadableStream<unknown>;
    return new Promise((resolve) => {
      const items: unknown[] = [];
      const call = fn.call(this.clients.taskHub, request, this.metadata(options), this.callOptions(options));
      call.on('data', (item) => items.push(item));
      call.on('error', (error: grpc.ServiceError) => resolve(failure(error)));
      call.on('end', () => resolve({ ok: true, response: items }));
    });
  }

  close(): void {
    this.clients.taskHub.close();
    this.clients.dapr.close();
  }

  private call<T>(service: 'taskHub' | 'dapr', method: string, request: object, options: RawCallOptions): Promise<RawResult<T>> {
    const client = this.clients[service];
    const fn = client[method] as (req: object, md: grpc.Metadata, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r: T) => void) => void;
    if (typeof fn !== 'function') throw new Error(`no method ${method} on ${service}`);
    return new Promise((resolve) => {
      fn.call(client, request, this.metadata(options), this.callOptions(options), (error, response) => resolve(error ? failure(error) : { ok: true, response }));
    });
  }

  private metadata(options: RawCallOptions): grpc.Metadata {
    const metadata = new grpc.Metadata();
    const token = options.token ?? this.defaultToken;
    if (token !== undefined) metadata.set('dapr-api-token', token);
    return metadata;
  }

  private callOptions(options: RawCallOptions): grpc.CallOptions {
    return options.deadlineMs === undefined ? {} : { deadline: Date.now() + options.deadlineMs };
  }
}

function failure(error: grpc.ServiceError): RawResult<never> {
  const errorCode = error.metadata?.get('error-code')[0];
  return { ok: false, code: error.code, details: error.details, errorCode: errorCode === undefined ? undefined : String(errorCode) };
}
