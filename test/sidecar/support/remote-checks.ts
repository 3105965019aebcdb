// What the remote-worker tests check in the engine's history and rows, and waiting for a condition.
import type { HistoryEvent } from '@/lib/engine/history-events';
import type { EngineHost } from '@/lib/server/engine-host';

/** Polls `check` every 25 ms until it is true; rejects with `what` after `timeoutMs`. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves once `count` GetWorkItems streams are open on the host. */
export function workersConnected(host: EngineHost, count = 1): Promise<void> {
  return waitUntil(`${count} remote worker(s) connected`, () => (host.remoteWorkers?.connected() ?? 0) >= count);
}

/** The task IDs completed (TaskCompleted) more than once in a history. */
export function completedMoreThanOnce(history: readonly HistoryEvent[]): number[] {
  const counts = new Map<number, number>();
  for (const e of history) if (e.kind === 'TaskCompleted') counts.set(e.taskScheduledId, (counts.get(e.taskScheduledId) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([id]) => id);
}

/** The kinds of a history, in order, without the OrchestratorStarted/Completed markers around each step. */
export function kindsOf(history: readonly HistoryEvent[]): string[] {
  return history.map((e) => e.kind).filter((k) => k !== 'OrchestratorStarted' && k !== 'OrchestratorCompleted');
}

/** The scheduling events' task IDs (TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated, EventSent), in order. */
export function scheduledIds(history: readonly HistoryEvent[]): number[] {
  return history.filter((e) => e.kind === 'TaskScheduled' || e.kind === 'TimerCreated' || e.kind === 'SubOrchestrationInstanceCreated' || e.kind === 'EventSent').map((e) => e.eventId);
}
