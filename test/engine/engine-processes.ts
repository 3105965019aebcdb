// Helpers to run the engine in child processes (test/engine/fixtures/engine-process.ts) and check histories.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { SequencedHistoryEvent, WorkflowStore } from '@/lib/engine';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'engine-process.ts');

/** Starts an engine worker process and resolves once it is claiming work. */
export async function startEngineProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`engine process exited early with code ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
  });
  return child;
}

/** Sends a signal and waits for the process to be gone. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** The activity log lines written by the fixture: generation, phase, instance, task, pid, time (epoch ms). */
export function readActivityLog(file: string) {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [generation, phase, instanceId, taskId, pid, at] = line.split(' ');
      return { generation, phase, instanceId, taskId: Number(taskId), pid, at: Number(at) };
    });
}

/** Waits until every instance is COMPLETED (fails with the stragglers' statuses after `ms`). */
export async function waitAllCompleted(store: WorkflowStore, ids: string[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const rows = await Promise.all(ids.map((id) => store.getInstance(id)));
    const open = rows.filter((r) => r?.status !== 'COMPLETED');
    if (open.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`not completed: ${open.slice(0, 5).map((r) => `${r?.instanceId}=${r?.status}`).join(', ')} (+${open.length})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Asserts a history has contiguous sequence numbers and exactly one result per scheduled task. */
export function expectConsistentHistory(history: SequencedHistoryEvent[]): void {
  expect(history.map((e) => e.sequence)).toEqual(history.map((_, i) => i));
  const scheduled = history.filter((e) => e.kind === 'TaskScheduled').map((e) => e.eventId);
  expect(new Set(scheduled).size).toBe(scheduled.length);
  const results = history.flatMap((e) => (e.kind === 'TaskCompleted' || e.kind === 'TaskFailed' ? [e.taskScheduledId] : []));
  expect([...results].sort((a, b) => a - b)).toEqual([...scheduled].sort((a, b) => a - b));
  expect(history.filter((e) => e.kind === 'ExecutionStarted')).toHaveLength(1);
  expect(history.filter((e) => e.kind === 'ExecutionCompleted')).toHaveLength(1);
}

/** The activity runs `generation` started and never finished (in flight when its process died), as "<instance> <task>". */
export function unfinishedRuns(file: string, generation: string): Set<string> {
  const lines = readActivityLog(file).filter((l) => l.generation === generation);
  const done = new Set(lines.filter((l) => l.phase === 'done').map((l) => `${l.instanceId} ${l.taskId}`));
  return new Set(lines.filter((l) => l.phase === 'start').map((l) => `${l.instanceId} ${l.taskId}`).filter((key) => !done.has(key)));
}

/** The first time (epoch ms) `generation` started one of `runs` again, or undefined when it re-ran none. */
export function firstRerunAt(file: string, generation: string, runs: Set<string>): number | undefined {
  const starts = readActivityLog(file).filter((l) => l.generation === generation && l.phase === 'start' && runs.has(`${l.instanceId} ${l.taskId}`));
  return starts.length ? Math.min(...starts.map((l) => l.at)) : undefined;
}
