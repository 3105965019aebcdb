// The instance list's filters and sorts at scale (issue 13 items 1-2): 100,000 instances seeded in one SQL statement
// (statuses, waits, failures, durations, parents as the store writes them), served by the app's GET /api/instances
// handler in a server process of its own; the list's p50/p95 per filter kind, one request at a time.
import type { Dialect } from '../lib/db/config';
import type { BenchDatabase } from './bench-databases';

/** Instances seeded. */
export const FILTER_INSTANCES = 100_000;
const WARM_REQUESTS = 3;
const MEASURED_REQUESTS = 15;

/** Each filter kind measured, as the query string of GET /api/instances (limit 50, as the dashboard asks). */
export const FILTER_KINDS: [kind: string, query: string][] = [
  ['newest first (no filter)', ''],
  ['status RUNNING', 'status=RUNNING'],
  ['status RUNNING,FAILED', 'status=RUNNING,FAILED'],
  ['workflow name', 'name=approval'],
  ['ID contains (rare)', 'idContains=ab12c'],
  ['ID contains (common)', 'idContains=INST-09'],
  ['created range', 'createdFrom=CREATED_FROM&createdTo=CREATED_TO'],
  ['updated range', 'updatedFrom=CREATED_FROM&updatedTo=CREATED_TO'],
  ['completed range', 'completedFrom=CREATED_FROM&completedTo=CREATED_TO'],
  ['top-level only', 'topLevel=true'],
  ['children of X', 'parentInstanceId=inst-000000-000000'],
  ['waits on event X', 'waitingKind=event&waitingName=approval_received'],
  ['waits on event X > 1 h', 'waitingKind=event&waitingName=approval_received&waitingLongerThan=1h'],
  ['waits on an activity', 'waitingKind=activity'],
  ['waits for a worker', 'waitingKind=worker'],
  ['failure type', 'failureType=TimeoutError'],
  ['failure text', 'failureText=gateway'],
  ['sort updated', 'sort=updated'],
  ['sort completed', 'sort=completed'],
  ['sort duration', 'sort=duration'],
  ['sort name', 'sort=name&order=asc'],
  ['sort status', 'sort=status'],
];

/** The list's latency for one filter kind (ms) and the rows its first page had. */
export interface FilterFigure {
  kind: string;
  query: string;
  rows: number;
  p50Ms: number;
  p95Ms: number;
}

/** What one database gave. */
export interface FilterFigures {
  database: Dialect;
  /** SQLite only: ANALYZE ran after the seed (PostgreSQL always vacuums and analyzes, as autovacuum would). */
  analyzed: boolean;
  instances: number;
  seedMs: number;
  filters: FilterFigure[];
}

/** The seed's first createdAt: FILTER_INSTANCES seconds before now, so waits are up to ~28 h old. */
function seedStart(): number {
  return Math.floor(Date.now() / 1000) - FILTER_INSTANCES;
}

/**
 * Inserts FILTER_INSTANCES rows in one statement: statuses cycle (3/8 COMPLETED, FAILED, RUNNING, TERMINATED,
 * SUSPENDED, PENDING); RUNNING ones wait on event approval_received or activity ProcessItem; FAILED ones carry
 * TimeoutError "Payment gateway timed out" or ValueError "bad input"; every 100th is a child of the first.
 */
async function seed(db: BenchDatabase, start: number, analyze: boolean): Promise<void> {
  const columns = `"instanceId", "name", "executionId", "status", "parentInstanceId", "createdAt", "lastUpdatedAt", "completedAt", "durationMs",
    "waitingKind", "waitingName", "waitingSince", "failureType", "failureMessage"`;
  const statuses = `'COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED', 'RUNNING', 'TERMINATED', 'SUSPENDED', 'PENDING'`;
  const names = `'order', 'approval', 'etl', 'monitor'`;
  const body = (v: { id: string; status: string; name: string; at: (seconds: string) => string }) => `
    ${v.id}, ${v.name}, 'e-' || i, ${v.status},
    CASE WHEN i % 100 = 1 THEN 'inst-000000-000000' END,
    ${v.at('i')},
    CASE WHEN i % 8 IN (0, 1, 2, 3, 5) THEN ${v.at('i + i % 600')} ELSE ${v.at('i + i % 97')} END,
    CASE WHEN i % 8 IN (0, 1, 2, 3, 5) THEN ${v.at('i + i % 600')} END,
    CASE WHEN i % 8 IN (0, 1, 2, 3, 5) THEN (i % 600) * 1000 END,
    CASE WHEN i % 16 = 4 THEN 'event' WHEN i % 16 = 12 THEN 'activity' END,
    CASE WHEN i % 16 = 4 THEN 'approval_received' WHEN i % 16 = 12 THEN 'ProcessItem' END,
    CASE WHEN i % 8 = 4 THEN ${v.at('i')} END,
    CASE WHEN i % 16 = 3 THEN 'TimeoutError' WHEN i % 16 = 11 THEN 'ValueError' END,
    CASE WHEN i % 16 = 3 THEN 'Payment gateway timed out' WHEN i % 16 = 11 THEN 'bad input' END`;
  if (db.kind === 'postgresql') {
    const at = (seconds: string) => `(to_timestamp(${start} + ${seconds}) AT TIME ZONE 'UTC')`;
    const id = `'inst-' || lpad(i::text, 6, '0') || '-' || lpad(to_hex((i::bigint * 2654435761) % 16777216), 6, '0')`;
    await db.prisma.$executeRawUnsafe(`INSERT INTO "WorkflowInstance" (${columns})
      SELECT ${body({ id, status: `(ARRAY[${statuses}])[i % 8 + 1]`, name: `(ARRAY[${names}])[i % 4 + 1]`, at })}
      FROM generate_series(0, ${FILTER_INSTANCES - 1}) AS i`);
    // What autovacuum does after this many inserts (PostgreSQL 13+ vacuums insert-only tables too): statistics, and
    // the visibility map that lets the counts by status read an index alone.
    await db.prisma.$executeRawUnsafe('VACUUM ANALYZE "WorkflowInstance"');
    return;
  }
  // The format the better-sqlite3 adapter stores DateTime in: ISO 8601 with milliseconds and +00:00.
  const at = (seconds: string) => `strftime('%Y-%m-%dT%H:%M:%f+00:00', ${start} + ${seconds}, 'unixepoch')`;
  const id = `printf('inst-%06d-%06x', i, (i * 2654435761) % 16777216)`;
  await db.prisma.$executeRawUnsafe(`WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${FILTER_INSTANCES - 1})
    INSERT INTO "WorkflowInstance" (${columns})
    SELECT ${body({
      id,
      status: `json_extract(json_array(${statuses}), '$[' || (i % 8) || ']')`,
      name: `json_extract(json_array(${names}), '$[' || (i % 4) || ']')`,
      at,
    })}
    FROM seq`);
  // SQLite keeps no statistics until ANALYZE runs (the app never runs it): --analyze shows what they change.
  if (analyze) await db.prisma.$executeRawUnsafe('ANALYZE');
}

async function timedList(url: string): Promise<{ ms: number; rows: number }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = (await response.json()) as { items?: unknown[] };
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${JSON.stringify(body)}`);
  return { ms: performance.now() - started, rows: body.items?.length ?? 0 };
}

/** Seeds a fresh database, serves it with `serve` and measures each filter kind. */
export async function measureListFilters(
  createDatabase: () => Promise<BenchDatabase>,
  serve: (databaseUrl: string) => Promise<{ base: string; stop(): Promise<void> }>,
  log: (line: string) => void,
  analyze = false,
): Promise<FilterFigures> {
  const db = await createDatabase();
  let server: { base: string; stop(): Promise<void> } | undefined;
  try {
    log(`  ${db.kind}: seeding ${FILTER_INSTANCES.toLocaleString('en')} instances`);
    const start = seedStart();
    const seeded = performance.now();
    await seed(db, start, analyze);
    const seedMs = Math.round(performance.now() - seeded);
    server = await serve(db.url);
    const range = { CREATED_FROM: new Date((start + 40_000) * 1000).toISOString(), CREATED_TO: new Date((start + 40_600) * 1000).toISOString() };
    const filters: FilterFigure[] = [];
    for (const [kind, template] of FILTER_KINDS) {
      const query = template.replace(/CREATED_FROM|CREATED_TO/g, (key) => range[key as keyof typeof range]);
      const url = `${server.base}/api/instances?limit=50${query ? `&${query}` : ''}`;
      let rows = 0;
      for (let i = 0; i < WARM_REQUESTS; i++) rows = (await timedList(url)).rows;
      const times: number[] = [];
      for (let i = 0; i < MEASURED_REQUESTS; i++) times.push((await timedList(url)).ms);
      times.sort((a, b) => a - b);
      const at = (q: number) => Number(times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1));
      filters.push({ kind, query: template, rows, p50Ms: at(0.5), p95Ms: at(0.95) });
    }
    return { database: db.kind, analyzed: analyze || db.kind === 'postgresql', instances: FILTER_INSTANCES, seedMs, filters };
  } finally {
    await server?.stop();
    await db.dispose();
  }
}

/** The figures as a table, one line per filter kind and a column per database, against the 50 ms target. */
export function formatFilterTable(figures: FilterFigures[]): string {
  const head = `  ${'filter'.padEnd(28)}${figures.map((f) => `${f.database}${f.database === 'sqlite' && f.analyzed ? ' analyzed' : ''} p50 / p95 (rows)`.padEnd(34)).join('')}`;
  const lines = FILTER_KINDS.map(([kind]) => {
    const cells = figures.map((f) => {
      const x = f.filters.find((y) => y.kind === kind)!;
      return `${x.p50Ms} / ${x.p95Ms} ms (${x.rows})${x.p50Ms > 50 ? ' > 50' : ''}`.padEnd(34);
    });
    return `  ${kind.padEnd(28)}${cells.join('')}`;
  });
  return [`list p50 per filter kind at ${FILTER_INSTANCES.toLocaleString('en')} instances (target <= 50 ms)`, head, ...lines].join('\n');
}
