// Dapr's HTTP state API (/v1.0/state/...): save, get, bulk get, delete and transactions, for any store name,
// kept in Flowdeck's database. Errors are JSON {errorCode, message}; a rejected request writes nothing.
import { getEngineHost } from '../server/engine-host';
import { stateApiOf, type StateApi } from '../state/engine-state';
import { classifyStateError } from '../state/state-api-errors';
import { InvalidStateRequestError } from '../state/state-errors';
import { parseBulkGetBody, parseDeleteRequest, parseSaveBody, parseTransactionBody } from '../state/state-http-bodies';
import { REQUEST_BODY_VALUES } from '../state/state-rules';
import type { StateEntry } from '../state/state-store';
import { embeddableJson, isJsonBytes } from '../state/state-values';
import { authenticateRequest } from './auth';
import { defaultRoleFor } from '../auth/roles';
import { ApiError, errorResponse, methodNotAllowedError } from './errors';
import { readJsonBody } from './request-body';
import { ENVELOPE_BYTES } from './responses';

/** A matched state API call and its path parameters. */
type StateRoute =
  | { operation: 'save' | 'bulkGet' | 'transaction'; storeName: string }
  | { operation: 'get' | 'delete'; storeName: string; key: string };

/** Paths under a store that are calls, not keys, when POSTed or PUT (as in Dapr: GET /state/s/bulk reads key "bulk"). */
const STORE_CALLS = { bulk: 'bulkGet', transaction: 'transaction' } as const;

/** A handler of the state API over the state API `getApi` resolves (the engine host's, or a test's). */
export type DaprStateHandler = (request: Request, segments: readonly string[]) => Promise<Response>;

/** The state API handler over `getApi`; checks the API token like every Dapr route. */
export function createDaprStateHandler(getApi: () => Promise<StateApi>): DaprStateHandler {
  return async (request, segments) => {
    try {
      await authenticateRequest(request, false, defaultRoleFor(request.method));
      const route = matchStateRoute(request.method, segments);
      return await execute(request, route, await getApi());
    } catch (error) {
      return stateErrorResponse(error);
    }
  };
}

/**
 * Answers one request to /{version}/state/... on this process's database; `segments` is the path after the
 * version, starting with 'state'.
 */
export function handleDaprStateRequest(request: Request, segments: readonly string[]): Promise<Response> {
  return engineStateHandler(request, segments);
}

const engineStateHandler = createDaprStateHandler(async () => stateApiOf(await getEngineHost()));

async function execute(request: Request, route: StateRoute, api: StateApi): Promise<Response> {
  switch (route.operation) {
    case 'save':
      await api.state.save(route.storeName, parseSaveBody(await requiredBody(request, api, 'a JSON array of state items')));
      return noContent();
    case 'get':
      return entryResponse(await api.state.get(route.storeName, route.key));
    case 'bulkGet': {
      const keys = parseBulkGetBody(await requiredBody(request, api, 'a JSON object {"keys": [...]}'));
      return bulkResponse(keys, await api.state.getBulk(route.storeName, keys));
    }
    case 'delete': {
      const params = new URL(request.url).searchParams;
      await api.state.delete(route.storeName, parseDeleteRequest(route.key, request.headers.get('if-match'), params.get('concurrency')));
      return noContent();
    }
    case 'transaction':
      await api.state.transact(route.storeName, parseTransactionBody(await requiredBody(request, api, 'a JSON object {"operations": [...]}')));
      return noContent();
  }
}

/** Matches `segments` (state/{store}[/{key}]); throws 404 for other paths and 405 for a wrong method. */
function matchStateRoute(method: string, segments: readonly string[]): StateRoute {
  const [area, storeName, key, ...rest] = segments;
  const path = `/${segments.join('/')}`;
  if (area !== 'state' || !storeName || rest.length > 0 || key === '') {
    throw new ApiError('ERR_NOT_FOUND', `no state API route matches '${path}'; use /state/{storeName} or /state/{storeName}/{key}`);
  }
  const verb = method === 'HEAD' ? 'GET' : method;
  const writes = verb === 'POST' || verb === 'PUT';
  if (key === undefined) {
    if (!writes) throw methodNotAllowedError(method, ['POST', 'PUT'], path);
    return { operation: 'save', storeName };
  }
  if (writes && key in STORE_CALLS) return { operation: STORE_CALLS[key as keyof typeof STORE_CALLS], storeName };
  if (verb === 'GET') return { operation: 'get', storeName, key };
  if (verb === 'DELETE') return { operation: 'delete', storeName, key };
  throw methodNotAllowedError(method, ['GET', 'DELETE'], path);
}

/** The JSON body, which these calls require (at most REQUEST_BODY_VALUES values' worth of bytes). */
async function requiredBody(request: Request, api: StateApi, shape: string): Promise<unknown> {
  const body = await readJsonBody(request, REQUEST_BODY_VALUES * api.maxValueBytes + ENVELOPE_BYTES);
  if (!body.present) throw new InvalidStateRequestError(`the request body is empty; send ${shape}`);
  return body.value;
}

/** 200 with the value as stored and its ETag header, or 204 when the key does not exist (as Dapr answers). */
function entryResponse(entry: StateEntry | undefined): Response {
  if (!entry) return noContent();
  const contentType = isJsonBytes(entry.value) ? 'application/json' : 'application/octet-stream';
  return new Response(Uint8Array.from(entry.value), { status: 200, headers: { 'Content-Type': contentType, ETag: entry.etag, 'Cache-Control': 'no-store' } });
}

/** Dapr's bulk answer: [{key, data, etag}] in the order asked; a missing key has only its key. */
function bulkResponse(keys: readonly string[], entries: readonly (StateEntry | undefined)[]): Response {
  const items = keys.map((key, i) => {
    const entry = entries[i];
    if (!entry) return JSON.stringify({ key });
    return `{"key":${JSON.stringify(key)},"data":${embeddableJson(entry.value)},"etag":${JSON.stringify(entry.etag)}}`;
  });
  return new Response(`[${items.join(',')}]`, { status: 200, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });
}

function noContent(): Response {
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
}

/** A state error as Dapr's code and status (409 for an ETag mismatch); anything else through the API's mapping. */
function stateErrorResponse(error: unknown): Response {
  const state = classifyStateError(error);
  if (!state) return errorResponse(error);
  return Response.json({ errorCode: state.errorCode, message: state.message }, { status: state.statuses.http, headers: { 'Cache-Control': 'no-store' } });
}
