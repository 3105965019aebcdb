// Dapr's state API on Flowdeck's database: values per (store, key) in the StateEntry table, with ETags.
// Off the engine's hot path, so it goes through Prisma; on SQLite every call runs through the client's gate
// (lib/store/sqlite-gate.ts): the adapter's one connection would otherwise mix these queries into an open transaction.
import { randomUUID } from 'node:crypto';
import type { DbClient } from '../db/client';
import { dialectOf, type Dialect } from '../db/config';
import { databaseUrlOf } from '../db/client';
import type { Prisma } from '../db/generated/sqlite/client';
import { sqliteGateFor, withBusyRetry, type SqliteGate } from '../store/sqlite-gate';
import { StateETagMismatchError, type StateOperationKind } from './state-errors';
import { checkETag, checkItemCount, checkKey, checkStoreName, checkValueSize } from './state-rules';

/** Dapr's concurrency modes: first-write checks ETags (and refuses to overwrite without one), last-write never does. */
export type StateConcurrency = 'first-write' | 'last-write';

/** A stored value and its current ETag. */
export interface StateEntry {
  key: string;
  value: Uint8Array;
  etag: string;
}

/** One value to save; `etag` makes the save conditional (unless concurrency is last-write). */
export interface StateWrite {
  key: string;
  value: Uint8Array;
  etag?: string;
  concurrency?: StateConcurrency;
}

/** One key to delete; `etag` makes the delete conditional (unless concurrency is last-write). */
export interface StateDelete {
  key: string;
  etag?: string;
  concurrency?: StateConcurrency;
}

/** One operation of a state transaction. */
export type StateOperation = { kind: 'upsert'; item: StateWrite } | { kind: 'delete'; item: StateDelete };

/**
 * The state API's data layer. Every write call is all or nothing: when one item's ETag does not match, it throws
 * StateETagMismatchError and nothing of the call is written. Bad input throws InvalidStateRequestError first.
 *
 * ETag rules (as Dapr documents them): a save or delete with an ETag succeeds only when the key exists with that
 * ETag; without one it always succeeds (last-write-wins), except that a first-write save without an ETag only
 * creates a key that does not exist yet. With concurrency last-write an ETag is ignored. Every write gives the key
 * a new ETag. An empty ETag counts as none.
 */
export interface StateStore {
  /** Saves every item (in order, later items seeing earlier ones); returns their new ETags. */
  save(storeName: string, items: readonly StateWrite[]): Promise<string[]>;
  /** The value of one key, or undefined when it does not exist. */
  get(storeName: string, key: string): Promise<StateEntry | undefined>;
  /** The values of many keys, in the order asked (undefined for missing ones). */
  getBulk(storeName: string, keys: readonly string[]): Promise<(StateEntry | undefined)[]>;
  /** Deletes one key (deleting a missing key without an ETag is fine). */
  delete(storeName: string, item: StateDelete): Promise<void>;
  /** Applies upserts and deletes in one transaction. */
  transact(storeName: string, operations: readonly StateOperation[]): Promise<void>;
}

/** Options of the Prisma state store. */
export interface StateStoreOptions {
  /** Largest value in bytes (the engine's maxPayloadBytes in the app). */
  maxValueBytes: number;
}

/** Interactive transactions: wait long for the connection under load, but never hold one for long. */
const TX_OPTIONS = { maxWait: 30_000, timeout: 30_000 };
/** How often a last-write save that raced another first insert of the same key is tried again. */
const INSERT_RACE_RETRIES = 5;

/** Another writer created the key between our update (no row) and our insert; the whole call is tried again. */
class InsertRaceError extends Error {
  override name = 'InsertRaceError';
}

type Tx = Prisma.TransactionClient;
/** The columns every write sets (the value copied into an ArrayBuffer of its own, as Prisma's Bytes type wants). */
type RowData = { value: Uint8Array<ArrayBuffer>; etag: string; updatedAt: Date };

/** The state store on a Prisma client (SQLite or PostgreSQL); the caller owns the client. */
export class PrismaStateStore implements StateStore {
  private readonly gate: SqliteGate | undefined;

  constructor(
    private readonly db: DbClient,
    dialect: Dialect,
    private readonly options: StateStoreOptions,
  ) {
    if (dialect === 'sqlite') this.gate = sqliteGateFor(db);
  }

  async save(storeName: string, items: readonly StateWrite[]): Promise<string[]> {
    const etags = await this.write(storeName, 'save', items.map((item) => ({ kind: 'upsert' as const, item })));
    return etags.filter((etag): etag is string => etag !== undefined);
  }

  async get(storeName: string, key: string): Promise<StateEntry | undefined> {
    checkStoreName(storeName);
    checkKey(key);
    const row = await this.run(() => this.db.stateEntry.findUnique({ where: { storeName_key: { storeName, key } } }));
    return row ? { key: row.key, value: row.value, etag: row.etag } : undefined;
  }

  async getBulk(storeName: string, keys: readonly string[]): Promise<(StateEntry | undefined)[]> {
    checkStoreName(storeName);
    checkItemCount(keys.length, 'keys');
    keys.forEach(checkKey);
    if (keys.length === 0) return [];
    const rows = await this.run(() => this.db.stateEntry.findMany({ where: { storeName, key: { in: [...new Set(keys)] } } }));
    const byKey = new Map(rows.map((row) => [row.key, { key: row.key, value: row.value, etag: row.etag }]));
    return keys.map((key) => byKey.get(key));
  }

  async delete(storeName: string, item: StateDelete): Promise<void> {
    await this.write(storeName, 'delete', [{ kind: 'delete', item }]);
  }

  async transact(storeName: string, operations: readonly StateOperation[]): Promise<void> {
    await this.write(storeName, 'transaction', operations);
  }

  /** Validates, then applies `operations` in one transaction; returns each upsert's new ETag (undefined for deletes). */
  private async write(storeName: string, kind: StateOperationKind, operations: readonly StateOperation[]): Promise<(string | undefined)[]> {
    checkStoreName(storeName);
    checkItemCount(operations.length, 'items');
    for (const op of operations) {
      checkKey(op.item.key);
      checkETag(op.item.etag, op.item.key);
      if (op.kind === 'upsert') checkValueSize(op.item.value, op.item.key, this.options.maxValueBytes);
    }
    if (operations.length === 0) return [];
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.run(() =>
          this.db.$transaction(async (tx) => {
            const etags: (string | undefined)[] = [];
            for (const op of operations) etags.push(op.kind === 'upsert' ? await upsert(tx, storeName, op.item, kind) : await remove(tx, storeName, op.item, kind));
            return etags;
          }, TX_OPTIONS),
        );
      } catch (error) {
        if (!(error instanceof InsertRaceError) || attempt >= INSERT_RACE_RETRIES) throw error;
      }
    }
  }

  private run<T>(operation: () => Promise<T>): Promise<T> {
    return this.gate ? this.gate.run(() => withBusyRetry(operation)) : operation();
  }
}

/** The state store on `db`, for whichever database its URL names. */
export function createStateStore(db: DbClient, options: StateStoreOptions): StateStore {
  return new PrismaStateStore(db, dialectOf(databaseUrlOf(db)), options);
}

/** Whether an item's ETag is compared: it has one and concurrency is not last-write. */
function comparesETag(item: StateWrite | StateDelete): item is (StateWrite | StateDelete) & { etag: string } {
  return !!item.etag && item.concurrency !== 'last-write';
}

async function upsert(tx: Tx, storeName: string, item: StateWrite, kind: StateOperationKind): Promise<string> {
  const etag = randomUUID();
  const data: RowData = { value: Uint8Array.from(item.value), etag, updatedAt: new Date() };
  if (comparesETag(item)) {
    const { count } = await tx.stateEntry.updateMany({ where: { storeName, key: item.key, etag: item.etag }, data });
    if (count === 0) throw new StateETagMismatchError(kind, storeName, item.key, 'the key does not exist or has another ETag');
    return etag;
  }
  if (item.concurrency === 'first-write') {
    await insertOrThrow(tx, storeName, item.key, data, () => new StateETagMismatchError(kind, storeName, item.key, 'the key exists and first-write concurrency needs its ETag to change it'));
    return etag;
  }
  const { count } = await tx.stateEntry.updateMany({ where: { storeName, key: item.key }, data });
  if (count === 0) await insertOrThrow(tx, storeName, item.key, data, () => new InsertRaceError());
  return etag;
}

async function remove(tx: Tx, storeName: string, item: StateDelete, kind: StateOperationKind): Promise<undefined> {
  if (comparesETag(item)) {
    const { count } = await tx.stateEntry.deleteMany({ where: { storeName, key: item.key, etag: item.etag } });
    if (count === 0) throw new StateETagMismatchError(kind, storeName, item.key, 'the key does not exist or has another ETag');
  } else {
    await tx.stateEntry.deleteMany({ where: { storeName, key: item.key } });
  }
  return undefined;
}

/** Creates the row; a unique violation (the key exists, or another writer just created it) becomes `onExists()`. */
async function insertOrThrow(tx: Tx, storeName: string, key: string, data: RowData, onExists: () => Error): Promise<void> {
  try {
    await tx.stateEntry.create({ data: { storeName, key, ...data } });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'P2002') throw onExists();
    throw error;
  }
}
