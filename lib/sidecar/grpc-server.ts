// The gRPC sidecar server: TaskHubSidecarService and Dapr's runtime API (workflows, metadata, state) on one
// port, for Dapr SDK apps.
// Started by the server process with its engine host (lib/server/boot.ts, scripts/worker.ts); no Next.js here.
import * as grpc from '@grpc/grpc-js';
import { configuredApiToken } from '../api/auth';
import { createEngineLog, type EngineLog } from '../engine/logs';
import type { EngineHost } from '../server/engine-host';
import { daprRuntimeHandlers } from './dapr-runtime-calls';
import { daprStateHandlers } from './dapr-state-grpc';
import { completeService } from './grpc-calls';
import { loadSidecarProtocol } from './protocol';
import { publishSidecar } from './sidecar-registry';
import type { SidecarContext } from './sidecar-context';
import { taskHubClientHandlers } from './task-hub-client-calls';
import { createWorkItemService } from './work-items';

/** Largest message the server accepts by default (a step's actions can carry several payloads). */
export const DEFAULT_MAX_RECEIVE_BYTES = 16 * 1024 * 1024;

/** How long stop() lets calls in flight finish before cutting them off. */
export const DEFAULT_STOP_GRACE_MS = 5000;

/** Where and how to serve. */
export interface SidecarServerOptions {
  /** The process's engine host (awaited on each call). */
  engineHost: () => Promise<EngineHost>;
  /** Address to listen on (an IP or host name; `localhost` is 127.0.0.1). */
  host: string;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /**
   * The machine token (an admin) in `dapr-api-token` metadata; default WORKFLOW_API_TOKEN / DAPR_API_TOKEN. The
   * engine host's `fdk_` API tokens act with their role; with neither, calls need none while in local mode.
   */
  apiToken?: string;
  log?: EngineLog;
  maxReceiveMessageBytes?: number;
}

/** A running sidecar server. */
export interface SidecarServer {
  /** `host:port` it listens on. */
  readonly address: string;
  /** The port it listens on (the chosen one when asked for 0). */
  readonly port: number;
  /** Stops accepting calls, ends waits and streams, lets calls in flight finish for up to `graceMs`, then closes. */
  stop(graceMs?: number): Promise<void>;
}

/** Why the server could not listen; the message is one line for the person starting Flowdeck. */
export class SidecarListenError extends Error {
  override name = 'SidecarListenError';
  constructor(
    message: string,
    readonly reason: 'in_use' | 'not_allowed' | 'bad_host' | 'other',
  ) {
    super(message);
  }
}

/** Starts the sidecar on `host:port`; rejects with SidecarListenError when it cannot listen. */
export async function startSidecarServer(options: SidecarServerOptions): Promise<SidecarServer> {
  // grpc-js would print its own line for a failed bind before ours; GRPC_VERBOSITY still turns its logs on.
  if (process.env.GRPC_VERBOSITY === undefined) grpc.setLogVerbosity(grpc.logVerbosity.NONE);
  const protocol = loadSidecarProtocol();
  const closing = new AbortController();
  const ctx: SidecarContext = { engineHost: options.engineHost, log: options.log ?? createEngineLog(), closing: closing.signal };
  const machineToken = 'apiToken' in options ? options.apiToken : configuredApiToken();
  const bindHost = options.host === 'localhost' ? '127.0.0.1' : options.host;
  const access = { machineToken, bindHost, engineHost: options.engineHost, log: ctx.log };
  const workItems = createWorkItemService(ctx);
  const server = new grpc.Server({ 'grpc.max_receive_message_length': options.maxReceiveMessageBytes ?? DEFAULT_MAX_RECEIVE_BYTES });
  server.addService(protocol.taskHub, completeService(protocol.taskHub, { ...taskHubClientHandlers(ctx), ...workItems.handlers }, { serviceName: 'TaskHubSidecarService', access }));
  const dapr = { ...daprRuntimeHandlers(ctx, workItems.connectedWorkers), ...daprStateHandlers(options.engineHost) };
  server.addService(protocol.dapr, completeService(protocol.dapr, dapr, { serviceName: 'dapr.proto.runtime.v1.Dapr', access }));
  const port = await bind(server, bindHost, options.port);
  const address = `${bindHost.includes(':') ? `[${bindHost}]` : bindHost}:${port}`;
  publishSidecar({ address, connectedWorkers: workItems.connectedWorkers });
  let stopped: Promise<void> | undefined;
  return {
    address,
    port,
    stop(graceMs = DEFAULT_STOP_GRACE_MS) {
      stopped ??= (async () => {
        publishSidecar(undefined);
        closing.abort('closing');
        await workItems.close();
        await shutDown(server, graceMs);
      })();
      return stopped;
    },
  };
}

function bind(server: grpc.Server, host: string, port: number): Promise<number> {
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(target, grpc.ServerCredentials.createInsecure(), (error, boundPort) => {
      if (!error) return resolve(boundPort);
      server.forceShutdown();
      reject(listenError(error.message, host, port));
    });
  });
}

function listenError(detail: string, host: string, port: number): SidecarListenError {
  if (/EADDRINUSE/.test(detail)) {
    return new SidecarListenError(`gRPC port ${port} is already in use on ${host}: stop the other server or choose another with FLOWDECK_GRPC_PORT=... (or FLOWDECK_GRPC_PORT=off)`, 'in_use');
  }
  if (/EACCES/.test(detail)) return new SidecarListenError(`not allowed to listen on gRPC port ${port} (${host}): choose another with FLOWDECK_GRPC_PORT=...`, 'not_allowed');
  if (/EADDRNOTAVAIL|ENOTFOUND|Name resolution failed/.test(detail)) return new SidecarListenError(`HOST ${host} is not an address of this machine`, 'bad_host');
  return new SidecarListenError(`cannot listen for gRPC on ${host}:${port}: ${detail}`, 'other');
}

function shutDown(server: grpc.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
