// The state part of Dapr's runtime API (dapr.proto.runtime.v1.Dapr): SaveState, GetState, GetBulkState, DeleteState,
// DeleteBulkState and ExecuteStateTransaction, on the same data layer as the HTTP state API. Values are bytes, kept
// and returned exactly as sent. An ETag mismatch is ABORTED (as Dapr answers), bad input INVALID_ARGUMENT.
import * as grpc from '@grpc/grpc-js';
import { GRPC_STATUS } from '../api/error-codes';
import { mapErrorToGrpc } from '../api/errors';
import type { EngineHost } from '../server/engine-host';
import { stateApiOf } from '../state/engine-state';
import { classifyStateError } from '../state/state-api-errors';
import { InvalidStateRequestError } from '../state/state-errors';
import type { StateConcurrency, StateDelete, StateEntry, StateOperation, StateWrite } from '../state/state-store';
import { ERROR_CODE_METADATA } from './grpc-calls';

/** common.v1.Etag. */
interface PbEtag {
  value?: string;
}

/** common.v1.StateOptions (enums by name, or by number when loaded without `enums: String`). */
interface PbStateOptions {
  concurrency?: string | number;
  consistency?: string | number;
}

/** common.v1.StateItem. */
interface PbStateItem {
  key?: string;
  value?: Uint8Array | null;
  etag?: PbEtag | null;
  metadata?: Record<string, string>;
  options?: PbStateOptions | null;
}

/** SaveStateRequest and DeleteBulkStateRequest. */
interface PbStatesRequest {
  storeName?: string;
  states?: PbStateItem[];
}

/** GetStateRequest. */
interface PbGetStateRequest {
  storeName?: string;
  key?: string;
}

/** GetBulkStateRequest (parallelism is ignored: one query reads every key). */
interface PbGetBulkStateRequest {
  storeName?: string;
  keys?: string[];
}

/** DeleteStateRequest. */
interface PbDeleteStateRequest {
  storeName?: string;
  key?: string;
  etag?: PbEtag | null;
  options?: PbStateOptions | null;
}

/** ExecuteStateTransactionRequest. */
interface PbTransactionRequest {
  storeName?: string;
  operations?: { operationType?: string; request?: PbStateItem | null }[];
}

/** GetStateResponse and BulkStateItem: empty data and ETag for a key that does not exist, as Dapr answers. */
interface PbStateValue {
  data: Buffer;
  etag: string;
  metadata: Record<string, string>;
}

/** The state calls of dapr.proto.runtime.v1.Dapr as grpc-js unary handlers, by method name. */
export function daprStateHandlers(host: () => Promise<EngineHost>): grpc.UntypedServiceImplementation {
  const state = async () => stateApiOf(await host()).state;
  return {
    SaveState: unary(async (req: PbStatesRequest) => {
      await (await state()).save(storeNameOf(req), (req.states ?? []).map(toWrite));
      return {};
    }),
    GetState: unary(async (req: PbGetStateRequest) => toValue(await (await state()).get(storeNameOf(req), req.key ?? ''))),
    GetBulkState: unary(async (req: PbGetBulkStateRequest) => {
      const keys = req.keys ?? [];
      const entries = await (await state()).getBulk(storeNameOf(req), keys);
      return { items: keys.map((key, i) => ({ key, ...toValue(entries[i]), error: '' })) };
    }),
    DeleteState: unary(async (req: PbDeleteStateRequest) => {
      await (await state()).delete(storeNameOf(req), toDelete({ key: req.key, etag: req.etag, options: req.options }));
      return {};
    }),
    DeleteBulkState: unary(async (req: PbStatesRequest) => {
      await (await state()).transact(storeNameOf(req), (req.states ?? []).map((item) => ({ kind: 'delete', item: toDelete(item) })));
      return {};
    }),
    ExecuteStateTransaction: unary(async (req: PbTransactionRequest) => {
      await (await state()).transact(storeNameOf(req), (req.operations ?? []).map(toOperation));
      return {};
    }),
  };
}

/** A unary handler: the function's result answers the call; a thrown error becomes its gRPC status. */
function unary<Req>(fn: (request: Req) => Promise<object>): grpc.handleUnaryCall<Req, object> {
  return (call, callback) => {
    fn(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback(grpcStatusOf(error)),
    );
  };
}

/** ABORTED for an ETag mismatch, INVALID_ARGUMENT for bad input, else the API's mapping (UNAVAILABLE, INTERNAL, ...). */
function grpcStatusOf(error: unknown): Partial<grpc.StatusObject> {
  const classified = classifyStateError(error);
  const mapped = classified
    ? { code: GRPC_STATUS[classified.statuses.grpc], details: classified.message, errorCode: classified.errorCode }
    : mapErrorToGrpc(error);
  const metadata = new grpc.Metadata();
  metadata.set(ERROR_CODE_METADATA, mapped.errorCode);
  return { code: mapped.code, details: mapped.details, metadata };
}

function storeNameOf(req: { storeName?: string }): string {
  if (!req.storeName) throw new InvalidStateRequestError('no state store name was given (store_name is empty)');
  return req.storeName;
}

function toValue(entry: StateEntry | undefined): PbStateValue {
  return entry ? { data: Buffer.from(entry.value), etag: entry.etag, metadata: {} } : { data: Buffer.alloc(0), etag: '', metadata: {} };
}

function toWrite(item: PbStateItem): StateWrite {
  return { key: item.key ?? '', value: item.value ?? new Uint8Array(0), ...etagAndConcurrency(item) };
}

function toDelete(item: Pick<PbStateItem, 'key' | 'etag' | 'options'>): StateDelete {
  return { key: item.key ?? '', ...etagAndConcurrency(item) };
}

function toOperation(op: { operationType?: string; request?: PbStateItem | null }, index: number): StateOperation {
  const item = op.request ?? {};
  if (op.operationType === 'upsert') return { kind: 'upsert', item: toWrite(item) };
  if (op.operationType === 'delete') return { kind: 'delete', item: toDelete(item) };
  throw new InvalidStateRequestError(`operation ${index} has operationType '${op.operationType ?? ''}'; use 'upsert' or 'delete'`);
}

/** The item's ETag (an empty one counts as none, as in Dapr) and concurrency mode. */
function etagAndConcurrency(item: Pick<PbStateItem, 'etag' | 'options'>): { etag?: string; concurrency?: StateConcurrency } {
  const etag = item.etag?.value;
  const concurrency = concurrencyOf(item.options?.concurrency);
  return { ...(etag ? { etag } : {}), ...(concurrency ? { concurrency } : {}) };
}

function concurrencyOf(value: string | number | undefined): StateConcurrency | undefined {
  if (value === 'CONCURRENCY_FIRST_WRITE' || value === 1) return 'first-write';
  if (value === 'CONCURRENCY_LAST_WRITE' || value === 2) return 'last-write';
  return undefined;
}
