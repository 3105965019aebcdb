// Matches a path under /{version}/ to a part of Dapr's API (workflows, metadata, health, state) and a workflow
// path to one of Dapr's workflow management calls, or says 404/405.
import { ApiError, methodNotAllowedError } from './errors';

/** The API versions Dapr serves the workflow API under (all identical here). */
export const DAPR_API_VERSIONS = ['v1.0', 'v1.0-beta1', 'v1.0-alpha1'] as const;

/** The only workflow component: the built-in engine. */
export const DAPR_WORKFLOW_COMPONENT = 'dapr';

/** A matched Dapr workflow call and its path parameters. */
export type DaprRoute =
  | { operation: 'start'; workflowName: string }
  | { operation: 'get' | 'terminate' | 'pause' | 'resume' | 'purge'; instanceId: string }
  | { operation: 'raiseEvent'; instanceId: string; eventName: string };

/** The parts of Dapr's HTTP API served here; `workflows` also takes any path that matches none of the others. */
export type DaprArea = 'workflows' | 'metadata' | 'health' | 'state';

/**
 * Which part of the API `segments` (the path after the version) address: `health` for exactly healthz and
 * healthz/outbound (no token, as in Dapr), `metadata` for metadata, `state` for state/..., else `workflows`
 * (where matchDaprRoute answers 404 for anything it does not know).
 */
export function daprAreaOf(segments: readonly string[]): DaprArea {
  const [first, second] = segments;
  if (first === 'healthz' && (segments.length === 1 || (segments.length === 2 && second === 'outbound'))) return 'health';
  if (first === 'metadata' && segments.length === 1) return 'metadata';
  if (first === 'state' && segments.length > 1) return 'state';
  return 'workflows';
}

/** Throws 405 ERR_METHOD_NOT_ALLOWED (Allow: GET) unless `method` is GET or HEAD. */
export function requireGet(method: string, segments: readonly string[]): void {
  if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowedError(method, ['GET'], `/${segments.join('/')}`);
}

const INSTANCE_ACTIONS = new Set(['terminate', 'pause', 'resume', 'purge']);

/**
 * Matches `segments` (the path after the version: workflows/{component}/...). Throws 404 ERR_NOT_FOUND for an
 * unknown path, 404 ERR_WORKFLOW_COMPONENT_NOT_FOUND for a component other than `dapr`, and 405
 * ERR_METHOD_NOT_ALLOWED (with an Allow header) for a known path called with the wrong method.
 */
export function matchDaprRoute(method: string, segments: readonly string[]): DaprRoute {
  const [area, component, ...rest] = segments;
  const path = `/${segments.join('/')}`;
  if (area !== 'workflows' || component === undefined) throw notFound(path);
  requireComponent(component);
  const route = matchRest(rest);
  if (!route) throw notFound(path);
  const allowed = route.operation === 'get' ? 'GET' : 'POST';
  const effective = method === 'HEAD' ? 'GET' : method;
  if (effective !== allowed) {
    throw methodNotAllowedError(method, [allowed], path);
  }
  return route;
}

/**
 * The methods a path under /{version}/ serves (with HEAD beside GET), for OPTIONS; undefined when no route serves it.
 * Throws 404 ERR_WORKFLOW_COMPONENT_NOT_FOUND for a component other than `dapr`. The state API's paths as
 * lib/api/dapr-state-http.ts routes them.
 */
export function allowedMethods(segments: readonly string[]): readonly string[] | undefined {
  const area = daprAreaOf(segments);
  if (area === 'health' || area === 'metadata') return ['GET', 'HEAD'];
  if (area === 'state') return stateMethods(segments);
  const [first, component, ...rest] = segments;
  if (first !== 'workflows' || component === undefined) return undefined;
  requireComponent(component);
  const route = matchRest(rest);
  if (!route) return undefined;
  return route.operation === 'get' ? ['GET', 'HEAD'] : ['POST'];
}

function requireComponent(component: string): void {
  if (component !== DAPR_WORKFLOW_COMPONENT) {
    throw new ApiError('ERR_WORKFLOW_COMPONENT_NOT_FOUND', `workflow component '${component}' does not exist; the only component is '${DAPR_WORKFLOW_COMPONENT}'`);
  }
}

/** /state/{store}: save; /state/{store}/{key}: get and delete, and bulk get or transaction for the keys of those names. */
function stateMethods(segments: readonly string[]): readonly string[] | undefined {
  const [, storeName, key, ...deeper] = segments;
  if (!storeName || key === '' || deeper.length > 0) return undefined;
  if (key === undefined) return ['POST', 'PUT'];
  return key === 'bulk' || key === 'transaction' ? ['GET', 'HEAD', 'DELETE', 'POST', 'PUT'] : ['GET', 'HEAD', 'DELETE'];
}

function matchRest(rest: readonly string[]): DaprRoute | undefined {
  const [first, second, third] = rest;
  if (!first) return undefined;
  if (rest.length === 1) return { operation: 'get', instanceId: first };
  if (rest.length === 2 && second === 'start') return { operation: 'start', workflowName: first };
  if (rest.length === 2 && INSTANCE_ACTIONS.has(second)) return { operation: second as 'terminate', instanceId: first };
  if (rest.length === 3 && second === 'raiseEvent' && third) return { operation: 'raiseEvent', instanceId: first, eventName: third };
  return undefined;
}

function notFound(path: string): ApiError {
  return new ApiError('ERR_NOT_FOUND', `no workflow API route matches '${path}'`);
}

