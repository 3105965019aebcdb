// The workflows the benchmark runs, registered on the benchmark's own runtime (not the app's built-ins).
import type { WorkflowActivityContext, WorkflowContext, WorkflowRuntime } from '../lib/engine';

/** `bench_sequence(n)`: n no-op activities one after another. */
export const SEQUENCE = 'bench_sequence';
/** `bench_fanout(n)`: n no-op activities at once, then fan-in (whenAll). */
export const FANOUT = 'bench_fanout';

/** Registers the benchmark's workflows and its no-op activity on `runtime`. */
export function registerBenchWorkflows(runtime: WorkflowRuntime): void {
  runtime.registerActivityWithName('bench_noop', (_ctx: WorkflowActivityContext, n: number) => n + 1);
  runtime.registerWorkflowWithName(SEQUENCE, function* (ctx: WorkflowContext, steps: number) {
    let n = 0;
    for (let i = 0; i < steps; i++) n = (yield ctx.callActivity('bench_noop', n)) as number;
    return n;
  });
  runtime.registerWorkflowWithName(FANOUT, function* (ctx: WorkflowContext, width: number) {
    const results = (yield ctx.whenAll(Array.from({ length: width }, (_, i) => ctx.callActivity('bench_noop', i)))) as number[];
    return results.length;
  });
}
