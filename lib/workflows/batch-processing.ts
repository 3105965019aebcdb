import type { Workflow, WorkflowActivity } from '@/lib/engine';
import type { BuiltInWorkflow } from './built-in';
import { inputObject, wholeNumber } from './input';
import { processInParallel } from './process-in-parallel';

/** BatchProcessingWorkflow's input: a batch size, or the size with a cap on parallel activities. */
export type BatchInput = number | { batchSize: number; maxConcurrency?: number };

const SHAPE = 'a batch size or {"batchSize": n, "maxConcurrency"?: m}';

/** Activity `get_work_batch`: the work items 1..n. */
export const getWorkBatch: WorkflowActivity<number, number[]> = async (ctx, batchSize) => {
  await ctx.log(`Generating ${batchSize} work items`);
  return Array.from({ length: batchSize }, (_, i) => i + 1);
};

/** Activity `process_work_item`: doubles an item after some simulated work (longer for some items, so the bars differ). */
export const processWorkItem: WorkflowActivity<number, number> = async (ctx, item) => {
  await ctx.log(`Processing work item ${item}`);
  await new Promise((resolve) => setTimeout(resolve, 100 + (item % 4) * 50));
  const result = item * 2;
  await ctx.log(`Work item ${item} processed. Result: ${result}`);
  return result;
};

/** Activity `process_results`: reports the aggregate. */
export const processResults: WorkflowActivity<number, number> = async (ctx, total) => {
  await ctx.log(`Final result: ${total}`);
  return total;
};

function parseInput(input: unknown): { batchSize: number; maxConcurrency: number } {
  if (typeof input === 'number') return { batchSize: wholeNumber(input, 'the batch size'), maxConcurrency: Infinity };
  const record = inputObject(input, 'BatchProcessingWorkflow', SHAPE);
  const batchSize = wholeNumber(record.batchSize, "'batchSize'");
  const maxConcurrency = record.maxConcurrency === undefined ? Infinity : wholeNumber(record.maxConcurrency, "'maxConcurrency'", 1);
  return { batchSize, maxConcurrency };
}

/** BatchProcessingWorkflow: fan out one activity per work item (optionally capped), fan in their sum. Returns the sum. */
export const batchProcessingWorkflow: Workflow<BatchInput, number> = function* (ctx, input) {
  const { batchSize, maxConcurrency } = parseInput(input);
  const workBatch = (yield ctx.callActivity('get_work_batch', batchSize)) as number[];
  const outputs = yield* processInParallel(ctx, workBatch, (item) => ctx.callActivity<number>('process_work_item', item), maxConcurrency);
  const total = outputs.reduce((sum, value) => sum + value, 0);
  yield ctx.callActivity('process_results', total);
  return total;
};

/** The fan-out/fan-in demo. */
export const batchProcessing: BuiltInWorkflow = {
  name: 'BatchProcessingWorkflow',
  workflow: batchProcessingWorkflow,
  demo: { title: 'Fan-out / fan-in', pattern: 'Fan-out/fan-in' },
  summary:
    'Gets a batch of work items, doubles every item in its own activity, all in parallel, then sends the sum to process_results. With maxConcurrency, no more than that many items are processed at once.',
  watch: 'Watch the process_work_item bars overlap between get_work_batch and process_results; with maxConcurrency set, never more than that many overlap.',
  exampleInput: { batchSize: 8, maxConcurrency: 3 },
  activities: () => ({ get_work_batch: getWorkBatch, process_work_item: processWorkItem, process_results: processResults }),
};
