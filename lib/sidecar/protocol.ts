// Loads the protocol definitions the sidecar serves from the npm packages that ship them (never copied here).
import path from 'node:path';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { loadSync, type Options, type PackageDefinition } from '@grpc/proto-loader';
import { withRerunMethod } from './rerun-protocol';

/**
 * How messages look in handlers: field names in lowerCamelCase (the durabletask protocol's own names;
 * Dapr's snake_case ones converted: `instance_id` is `instanceId`), 64-bit integers as numbers, enums as
 * their names (`ORCHESTRATION_STATUS_RUNNING`), unset fields with their defaults (message fields `null`),
 * and each oneof's chosen field named by a virtual property (`eventType: 'taskScheduled'`).
 */
export const PROTO_LOADER_OPTIONS: Options = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };

/** The two services served on the sidecar port. */
export interface SidecarProtocol {
  /** durabletask's `TaskHubSidecarService` as the Dapr fork defines it (service path without a package), with RerunWorkflowFromEvent. */
  taskHub: ServiceDefinition;
  /** Dapr's runtime API, `dapr.proto.runtime.v1.Dapr`. */
  dapr: ServiceDefinition;
}

/** Where `@dapr/durabletask-js` keeps the Dapr fork of the durabletask protocol. */
const TASK_HUB_PROTO = ['@dapr/durabletask-js', 'proto', 'orchestrator_service.proto'];
/** Where `@dapr/dapr` keeps Dapr's runtime API (with its imports under the same root). */
const DAPR_PROTO_ROOT = ['@dapr/dapr', 'proto'];
const DAPR_PROTO = 'dapr/proto/runtime/v1/dapr.proto';

let loaded: SidecarProtocol | undefined;

/**
 * Loads (once per process) both services from the packages in the project's node_modules, resolved from
 * the working directory (the project root, where every Flowdeck process runs).
 */
export function loadSidecarProtocol(): SidecarProtocol {
  loaded ??= {
    taskHub: withRerunMethod(service(loadSync(modulePath(TASK_HUB_PROTO), PROTO_LOADER_OPTIONS), 'TaskHubSidecarService'), PROTO_LOADER_OPTIONS),
    dapr: service(loadSync(path.join(modulePath(DAPR_PROTO_ROOT), DAPR_PROTO), { ...PROTO_LOADER_OPTIONS, includeDirs: [modulePath(DAPR_PROTO_ROOT)] }), 'dapr.proto.runtime.v1.Dapr'),
  };
  return loaded;
}

function modulePath(parts: readonly string[]): string {
  return path.join(process.cwd(), 'node_modules', ...parts);
}

function service(definition: PackageDefinition, name: string): ServiceDefinition {
  const found = definition[name];
  if (!found || !Object.values(found).every((m) => typeof m === 'object' && m !== null && 'path' in m)) {
    throw new Error(`the protocol files do not define the service ${name}`);
  }
  return found as unknown as ServiceDefinition;
}
