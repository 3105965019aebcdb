// DBOS Transact's side of `npm run bench -- --peers`: the bench's workload (a workflow of n no-op steps in
// sequence) as a DBOS workflow of DBOS.runStep calls, on the system database DBOS_SYSTEM_DATABASE_URL (a fresh
// database on the PostgreSQL server Flowdeck's bench ran on). Each workflow is started with DBOS.startWorkflow
// and awaited through its handle, as Flowdeck's bench starts and waits. Prints the figures as JSON (last line).
import fs from 'node:fs';
import pg from 'pg';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { fail, finish, measure } from './scenarios.mjs';

async function durability(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const setting = async (name) => String((await client.query(`SHOW ${name}`)).rows[0][name]);
    return { synchronous_commit: await setting('synchronous_commit'), fsync: await setting('fsync'), wal_sync_method: await setting('wal_sync_method') };
  } finally {
    await client.end();
  }
}

async function main() {
  const url = process.env.DBOS_SYSTEM_DATABASE_URL;
  if (!url) throw new Error('DBOS_SYSTEM_DATABASE_URL is not set');
  const noop = async (n) => n + 1;
  const sequence = DBOS.registerWorkflow(
    async (steps) => {
      let n = 0;
      for (let i = 0; i < steps; i++) n = await DBOS.runStep(() => noop(n), { name: 'bench_noop' });
      return n;
    },
    { name: 'bench_sequence' },
  );
  DBOS.setConfig({ name: 'flowdeck-bench', systemDatabaseUrl: url, logLevel: 'error', runAdminServer: false });
  await DBOS.launch();
  const runOne = async (id, steps) => {
    const handle = await DBOS.startWorkflow(sequence, { workflowID: id })(steps);
    const n = await handle.getResult();
    if (n !== steps) throw new Error(`DBOS workflow ${id} returned ${n}`);
  };
  const figures = await measure(runOne);
  const settings = await durability(url);
  await DBOS.shutdown();
  const { version } = JSON.parse(fs.readFileSync(new URL('./node_modules/@dbos-inc/dbos-sdk/package.json', import.meta.url), 'utf8'));
  finish({ engine: 'DBOS Transact', version, ...figures, durability: settings });
}

main().catch(fail);
