// The JSON bodies and query parameters of Dapr's HTTP state API, validated with zod and turned into data-layer calls.
import { z } from 'zod';
import { InvalidStateRequestError } from './state-errors';
import { MAX_STATE_ITEMS } from './state-rules';
import type { StateConcurrency, StateDelete, StateOperation, StateWrite } from './state-store';
import { encodeJsonValue } from './state-values';

/** `options.concurrency` as Dapr's HTTP API spells it (empty means unset). */
const concurrency = z.enum(['first-write', 'last-write', '']).nullish();
/** `options.consistency`: accepted and ignored (one database, always strongly consistent). */
const consistency = z.enum(['eventual', 'strong', '']).nullish();
const options = z.object({ concurrency, consistency }).nullish();
/** Per-item metadata: accepted and ignored (Flowdeck has no component settings to pass it to). */
const metadata = z.record(z.string(), z.unknown()).nullish();

const stateItem = z.object({
  key: z.string(),
  /** Any JSON value; a missing one is refused with a message naming the item. */
  value: z.unknown().optional(),
  etag: z.string().nullish(),
  metadata,
  options,
});

/** POST /v1.0/state/{store}: a JSON array of state items. */
const saveBody = z.array(stateItem).max(MAX_STATE_ITEMS);

/** POST /v1.0/state/{store}/bulk: the keys to read (`parallelism` is accepted and ignored: one query reads them all). */
const bulkGetBody = z.object({ keys: z.array(z.string()).max(MAX_STATE_ITEMS), parallelism: z.number().int().nullish(), metadata });

/** POST /v1.0/state/{store}/transaction: upserts and deletes applied together. */
const transactionBody = z.object({
  operations: z.array(z.object({ operation: z.enum(['upsert', 'delete']), request: stateItem })).max(MAX_STATE_ITEMS),
  metadata,
});

type StateItem = z.output<typeof stateItem>;

/** The items of a save request (each value stored as its JSON text); throws InvalidStateRequestError. */
export function parseSaveBody(body: unknown): StateWrite[] {
  if (!Array.isArray(body)) throw new InvalidStateRequestError('the request body must be a JSON array of state items: [{"key": "...", "value": ...}]');
  return validate(saveBody, body).map((item, index) => toWrite(item, `item ${index}`));
}

/** The keys of a bulk get request; throws InvalidStateRequestError. */
export function parseBulkGetBody(body: unknown): string[] {
  return validate(bulkGetBody, body).keys;
}

/** The operations of a transaction request; throws InvalidStateRequestError. */
export function parseTransactionBody(body: unknown): StateOperation[] {
  return validate(transactionBody, body).operations.map(({ operation, request }, index): StateOperation =>
    operation === 'upsert' ? { kind: 'upsert', item: toWrite(request, `operation ${index}`) } : { kind: 'delete', item: toDelete(request.key, request.etag, request.options?.concurrency) },
  );
}

/** A delete from DELETE /v1.0/state/{store}/{key}: the If-Match ETag and the `concurrency` query parameter. */
export function parseDeleteRequest(key: string, ifMatch: string | null, concurrencyParam: string | null): StateDelete {
  return toDelete(key, ifMatch === null ? undefined : unquoteETag(ifMatch), validate(concurrency, concurrencyParam ?? undefined, 'concurrency query parameter'));
}

/** An If-Match value without the quotes (and weak marker) HTTP allows around an entity tag. */
export function unquoteETag(value: string): string {
  const match = /^(?:W\/)?"(.*)"$/.exec(value.trim());
  return match ? match[1] : value.trim();
}

function toWrite(item: StateItem, where: string): StateWrite {
  if (item.value === undefined) throw new InvalidStateRequestError(`${where} (key '${item.key}') has no value`);
  return { key: item.key, value: encodeJsonValue(item.value), ...etagAndConcurrency(item.etag, item.options?.concurrency) };
}

function toDelete(key: string, etag: string | null | undefined, mode: string | null | undefined): StateDelete {
  return { key, ...etagAndConcurrency(etag, mode) };
}

function etagAndConcurrency(etag: string | null | undefined, mode: string | null | undefined): { etag?: string; concurrency?: StateConcurrency } {
  return { ...(etag ? { etag } : {}), ...(mode ? { concurrency: mode as StateConcurrency } : {}) };
}

function validate<S extends z.ZodType>(schema: S, value: unknown, where = 'request body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
  throw new InvalidStateRequestError(`invalid ${where}: ${problems.join('; ')}`);
}
