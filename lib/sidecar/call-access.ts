// Who a gRPC call acts as and whether its role may make it: the same rules as the HTTP API (the machine token is
// an admin, an `fdk_` API token acts with its role, local mode lets anyone on the machine in), with the role each
// sidecar method needs: reading calls a viewer's, client mutations and the worker surface an operator's.
import type * as grpc from '@grpc/grpc-js';
import { identifyCaller, type AuthCheck, type Caller } from '../api/auth';
import { ApiError } from '../api/errors';
import { roleAllows, type Role } from '../auth/roles';
import type { EngineHost } from '../server/engine-host';

/** The metadata key the Dapr SDKs send the API token in. */
export const API_TOKEN_METADATA = 'dapr-api-token';

/** The methods a viewer may call (they only read); every other method, known or not, needs an operator. */
const VIEWER_METHODS = new Set([
  'Hello',
  'GetInstance',
  'QueryInstances',
  'WaitForInstanceStart',
  'WaitForInstanceCompletion',
  'GetEntity',
  'QueryEntities',
  'GetMetadata',
  'GetWorkflowBeta1',
  'GetWorkflowAlpha1',
  'GetState',
  'GetBulkState',
]);

/** The role a call of sidecar method `method` needs: viewer for reads, operator for changes and for workers. */
export function roleForMethod(method: string): Role {
  return VIEWER_METHODS.has(method) ? 'viewer' : 'operator';
}

/** What a sidecar checks calls against: the machine token, where it listens, and the engine host's stores. */
export interface SidecarAccess {
  /** The machine token (WORKFLOW_API_TOKEN / DAPR_API_TOKEN); undefined when none is configured. */
  machineToken: string | undefined;
  /** The address the sidecar listens on (local mode needs a loopback one). */
  bindHost: string;
  /** The process's engine host, whose people and API tokens are consulted. */
  engineHost: () => Promise<EngineHost>;
}

/**
 * The caller of a call to `serviceName`/`method` with `metadata`, once its role allows the method; throws
 * ERR_UNAUTHORIZED (UNAUTHENTICATED) when the call proves nobody the server accepts and ERR_FORBIDDEN
 * (PERMISSION_DENIED) naming the role needed when its role is too weak.
 */
export async function authorizeCall(access: SidecarAccess, serviceName: string, method: string, metadata: grpc.Metadata): Promise<Caller> {
  const caller = await identifyCaller(requestCarrying(metadata), false, authCheckOf(access));
  const needed = roleForMethod(method);
  if (!roleAllows(caller.role, needed)) {
    throw new ApiError('ERR_FORBIDDEN', `${caller.name} has the ${caller.role} role; ${serviceName}/${method} needs ${needed} or above`);
  }
  return caller;
}

/** What `access` checks a call's token against, as the HTTP API's identification takes it. */
export function authCheckOf(access: SidecarAccess): AuthCheck {
  return {
    expected: access.machineToken,
    // Token sessions are cookies of the dashboard; a gRPC call never carries one.
    sessions: async () => undefined,
    people: async () => (await access.engineHost()).people,
    apiTokens: async () => (await access.engineHost()).apiTokens,
    bindHost: access.bindHost,
  };
}

/** A request with the call's token headers, for the HTTP API's identification (it reads only those headers). */
export function requestCarrying(metadata: grpc.Metadata): Request {
  const headers = new Headers();
  for (const key of [API_TOKEN_METADATA, 'authorization']) {
    const value = metadata.get(key)[0];
    if (value !== undefined) headers.set(key, String(value));
  }
  return new Request('http://sidecar.invalid/', { headers });
}
