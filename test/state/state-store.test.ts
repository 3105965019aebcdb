// The state API's data layer on real SQLite and PostgreSQL databases: ETag rules, first/last write, bulk, delete,
// all-or-nothing writes, and two processes racing on the same keys.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { isInvalidStateRequest, isStateETagMismatch } from '@/lib/state/state-errors';
import { createStateStore, type StateStore } from '@/lib/state/state-store';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';
import { RACE_STORE, RACES, type RaceTally } from './fixtures/state-races';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const text = (value: Uint8Array | undefined) => (value ? Buffer.from(value).toString('utf8') : undefined);
const MAX = 1024;
const WRITER = path.join(import.meta.dirname, 'fixtures', 'race-writer.ts');

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.dispose();
  db = undefined;
});

async function open(kind: 'sqlite' | 'postgresql'): Promise<StateStore> {
  db = await createTestDatabase(kind);
  return createStateStore(db.prisma, { maxValueBytes: MAX });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

async function rowCount(): Promise<number> {
  return db!.prisma.stateEntry.count();
}

describe.each(availableDatabases())('state store on %s', (kind) => {
  it('saves and reads values with an ETag that changes on every write; a missing key is undefined', async () => {
    const store = await open(kind);
    const [first] = await store.save('inventory', [{ key: 'cars', value: bytes('{"quantity":100}') }]);
    const read = await store.get('inventory', 'cars');
    expect(text(read?.value)).toBe('{"quantity":100}');
    expect(read?.etag).toBe(first);
    const [second] = await store.save('inventory', [{ key: 'cars', value: bytes('{"quantity":90}') }]);
    expect(second).not.toBe(first);
    expect((await store.get('inventory', 'cars'))?.etag).toBe(second);
    expect(await store.get('inventory', 'boats')).toBeUndefined();
    expect(await store.get('other-store', 'cars')).toBeUndefined();
  });

  it('keeps raw bytes as they were sent, including bytes that are not UTF-8', async () => {
    const store = await open(kind);
    const raw = Uint8Array.from([0, 255, 1, 254, 10]);
    await store.save('s', [{ key: 'bin', value: raw }]);
    expect(Array.from((await store.get('s', 'bin'))!.value)).toEqual(Array.from(raw));
  });

  it('a save with the current ETag succeeds; with a stale or unknown ETag it is a mismatch and writes nothing', async () => {
    const store = await open(kind);
    const [etag] = await store.save('s', [{ key: 'k', value: bytes('1') }]);
    const [next] = await store.save('s', [{ key: 'k', value: bytes('2'), etag }]);
    const stale = await rejection(store.save('s', [{ key: 'k', value: bytes('3'), etag }]));
    expect(isStateETagMismatch(stale)).toBe(true);
    expect((stale as Error).message).toMatch(/failed saving state with key 'k' in state store 's': possible etag mismatch/);
    expect(await store.get('s', 'k')).toEqual({ key: 'k', value: expect.anything(), etag: next });
    expect(text((await store.get('s', 'k'))!.value)).toBe('2');
    const absent = await rejection(store.save('s', [{ key: 'never-saved', value: bytes('x'), etag: next }]));
    expect(isStateETagMismatch(absent)).toBe(true);
    expect(await store.get('s', 'never-saved')).toBeUndefined();
  });

  it('last-write ignores the ETag; first-write without an ETag only creates a key that does not exist', async () => {
    const store = await open(kind);
    await store.save('s', [{ key: 'k', value: bytes('1') }]);
    await store.save('s', [{ key: 'k', value: bytes('2'), etag: 'not-the-etag', concurrency: 'last-write' }]);
    expect(text((await store.get('s', 'k'))!.value)).toBe('2');
    const [created] = await store.save('s', [{ key: 'new', value: bytes('a'), concurrency: 'first-write' }]);
    expect((await store.get('s', 'new'))!.etag).toBe(created);
    const overwrite = await rejection(store.save('s', [{ key: 'new', value: bytes('b'), concurrency: 'first-write' }]));
    expect(isStateETagMismatch(overwrite)).toBe(true);
    expect(text((await store.get('s', 'new'))!.value)).toBe('a');
    await store.save('s', [{ key: 'new', value: bytes('c'), etag: created, concurrency: 'first-write' }]);
    expect(text((await store.get('s', 'new'))!.value)).toBe('c');
  });

  it('a bulk save is all or nothing: one wrong ETag leaves every key as it was', async () => {
    const store = await open(kind);
    const [a] = await store.save('s', [{ key: 'a', value: bytes('a1') }]);
    const attempt = rejection(store.save('s', [
      { key: 'a', value: bytes('a2'), etag: a },
      { key: 'b', value: bytes('b1') },
      { key: 'c', value: bytes('c1'), etag: 'wrong' },
    ]));
    expect(isStateETagMismatch(await attempt)).toBe(true);
    expect((await store.get('s', 'a'))!.etag).toBe(a);
    expect(await store.get('s', 'b')).toBeUndefined();
    expect(await rowCount()).toBe(1);
  });

  it('bulk get answers in the order asked, with undefined for missing keys and repeated keys repeated', async () => {
    const store = await open(kind);
    const etags = await store.save('s', [
      { key: 'x', value: bytes('"x"') },
      { key: 'y', value: bytes('"y"') },
    ]);
    const found = await store.getBulk('s', ['y', 'missing', 'x', 'y']);
    expect(found.map((e) => e && [e.key, text(e.value), e.etag])).toEqual([['y', '"y"', etags[1]], undefined, ['x', '"x"', etags[0]], ['y', '"y"', etags[1]]]);
    expect(await store.getBulk('s', [])).toEqual([]);
  });

  it('delete: without an ETag always (a missing key too); with one only when it matches', async () => {
    const store = await open(kind);
    const [etag] = await store.save('s', [{ key: 'k', value: bytes('1') }]);
    const wrong = await rejection(store.delete('s', { key: 'k', etag: 'wrong' }));
    expect(isStateETagMismatch(wrong)).toBe(true);
    expect((wrong as Error).message).toMatch(/failed deleting state with key 'k'/);
    expect(await store.get('s', 'k')).toBeDefined();
    await store.delete('s', { key: 'k', etag });
    expect(await store.get('s', 'k')).toBeUndefined();
    expect(isStateETagMismatch(await rejection(store.delete('s', { key: 'k', etag })))).toBe(true);
    await store.delete('s', { key: 'k' });
    await store.save('s', [{ key: 'k', value: bytes('2') }]);
    await store.delete('s', { key: 'k', etag: 'whatever', concurrency: 'last-write' });
    expect(await store.get('s', 'k')).toBeUndefined();
  });

  it('a deleted and re-created key never takes an old ETag again', async () => {
    const store = await open(kind);
    const [old] = await store.save('s', [{ key: 'k', value: bytes('1') }]);
    await store.delete('s', { key: 'k' });
    await store.save('s', [{ key: 'k', value: bytes('2') }]);
    expect(isStateETagMismatch(await rejection(store.save('s', [{ key: 'k', value: bytes('3'), etag: old }])))).toBe(true);
  });

  it('a transaction applies upserts and deletes together, or none of them', async () => {
    const store = await open(kind);
    await store.save('s', [{ key: 'gone', value: bytes('1') }]);
    await store.transact('s', [
      { kind: 'upsert', item: { key: 'new', value: bytes('n') } },
      { kind: 'delete', item: { key: 'gone' } },
    ]);
    expect(await store.get('s', 'gone')).toBeUndefined();
    const { etag } = (await store.get('s', 'new'))!;
    const failed = await rejection(store.transact('s', [
      { kind: 'delete', item: { key: 'new', etag } },
      { kind: 'upsert', item: { key: 'other', value: bytes('o'), etag: 'wrong' } },
    ]));
    expect(isStateETagMismatch(failed)).toBe(true);
    expect((await store.get('s', 'new'))?.etag).toBe(etag);
    expect(await store.get('s', 'other')).toBeUndefined();
  });

  it('refuses bad input before touching the database', async () => {
    const store = await open(kind);
    const cases: Promise<unknown>[] = [
      store.save('s', [{ key: '', value: bytes('1') }]),
      store.save('s', [{ key: 'a||b', value: bytes('1') }]),
      store.save('s', [{ key: 'k'.repeat(1025), value: bytes('1') }]),
      store.save('', [{ key: 'k', value: bytes('1') }]),
      store.save('s', [{ key: 'ok', value: bytes('1') }, { key: 'big', value: new Uint8Array(MAX + 1) }]),
      store.get('s', ''),
      store.getBulk('s', ['ok', '']),
      store.delete('s', { key: '' }),
    ];
    for (const attempt of cases) expect(isInvalidStateRequest(await rejection(attempt))).toBe(true);
    const big = await rejection(store.save('s', [{ key: 'big', value: new Uint8Array(MAX + 1) }]));
    expect(big).toMatchObject({ tooLarge: true, message: `the value of key 'big' is ${MAX + 1} bytes; the limit is ${MAX} bytes` });
    expect(await rowCount()).toBe(0);
  });

  it('two processes incrementing one counter through ETags lose no update', { timeout: 60_000 }, async () => {
    const store = await open(kind);
    await store.save(RACE_STORE, [{ key: 'counter', value: bytes('0') }]);
    const [mine, theirs] = await race(store, 'incrementCounter', 40);
    expect(text((await store.get(RACE_STORE, 'counter'))!.value)).toBe('80');
    expect(mine.writes + theirs.writes).toBe(80);
  });

  it('two processes first-writing the same keys: each key is created by exactly one of them, and keeps its value', { timeout: 60_000 }, async () => {
    const store = await open(kind);
    const [mine, theirs] = await race(store, 'createFirst', 30);
    expect(mine.writes + theirs.writes).toBe(30);
    expect(mine.mismatches + theirs.mismatches).toBe(30);
    expect(new Set([...mine.createdKeys, ...theirs.createdKeys]).size).toBe(30);
    for (const key of mine.createdKeys) expect(text((await store.get(RACE_STORE, key))!.value)).toBe('test-process');
  });

  it('two processes last-writing the same new keys: every save succeeds', { timeout: 60_000 }, async () => {
    const store = await open(kind);
    const tallies = await race(store, 'saveLast', 30);
    expect(tallies.map((t) => t.writes)).toEqual([30, 30]);
    expect(await rowCount()).toBe(30);
  });
});

/** Runs `name` in this process and in a writer process on the same database at the same time; both tallies. */
async function race(store: StateStore, name: keyof typeof RACES, count: number): Promise<[RaceTally, RaceTally]> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, name, String(count)], {
    env: { ...process.env, DATABASE_URL: db!.url },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const exited = new Promise<RaceTally>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as RaceTally) : reject(new Error(`writer exited with ${code}`)))),
  );
  const ready = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()).startsWith('ready') && resolve()));
  await Promise.race([ready, exited]);
  child.stdin.write('go\n');
  const mine = await RACES[name](store, count, 'test-process');
  return [mine, await exited];
}
