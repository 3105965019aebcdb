import type { Workflow, WorkflowActivity } from '@/lib/engine';
import type { BuiltInWorkflow } from './built-in';

function numberInput(step: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${step} needs a number; it received ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

/** Activity `step1`: adds one. */
export const step1: WorkflowActivity<unknown, number> = async (ctx, input) => {
  const x = numberInput('step1', input);
  await ctx.log(`Step 1: received input ${x}`);
  return x + 1;
};

/** Activity `step2`: doubles. */
export const step2: WorkflowActivity<unknown, number> = async (ctx, input) => {
  const x = numberInput('step2', input);
  await ctx.log(`Step 2: received input ${x}`);
  return x * 2;
};

/** Activity `step3`: squares. */
export const step3: WorkflowActivity<unknown, number> = async (ctx, input) => {
  const x = numberInput('step3', input);
  await ctx.log(`Step 3: received input ${x}`);
  return x ** 2;
};

/** Activity `error_handler`: the compensating work after a failed step. */
export const errorHandler: WorkflowActivity<string, void> = async (ctx, error) => {
  await ctx.log(`Executing error handler: ${error}`);
};

/** TaskChainWorkflow: each step's output is the next step's input; a failure runs error_handler, then fails the instance. */
export const taskChainWorkflow: Workflow<number, number[]> = function* (ctx, input) {
  try {
    const result1 = (yield ctx.callActivity('step1', input)) as number;
    const result2 = (yield ctx.callActivity('step2', result1)) as number;
    const result3 = (yield ctx.callActivity('step3', result2)) as number;
    return [result1, result2, result3];
  } catch (error) {
    yield ctx.callActivity('error_handler', error instanceof Error ? error.message : String(error));
    throw error;
  }
};

/** The task-chaining demo. */
export const taskChain: BuiltInWorkflow = {
  name: 'TaskChainWorkflow',
  workflow: taskChainWorkflow,
  demo: { title: 'Task chaining', pattern: 'Task chaining' },
  summary:
    'Passes a number through step1 (+1), step2 (×2) and step3 (squared) and returns the three results. Start it with something that is not a number to see the error handler run before the instance fails.',
  watch: 'Watch each step take the previous result as its input; on a failure, the error_handler bar appears after the failed step.',
  exampleInput: 5,
  activities: () => ({ step1, step2, step3, error_handler: errorHandler }),
};
