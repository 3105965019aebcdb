import type { Workflow, WorkflowActivity } from '@/lib/engine';
import type { BuiltInWorkflow } from './built-in';
import { inputObject, numberField, wholeNumber } from './input';

/** ParentWorkflow's input: how many children, optionally with how long each works (default 3 s). */
export type ParentInput = number | { children: number; childSeconds?: number };

/** ChildWorkflow's input. */
export interface ChildInput {
  index: number;
  seconds: number;
}

const SHAPE = 'a number of children or {"children": n, "childSeconds"?: s}';
const DEFAULT_CHILD_SECONDS = 3;

/** Activity `child_task`: the child's piece of work. */
export const childTask: WorkflowActivity<number, string> = async (ctx, index) => {
  await ctx.log(`Child ${index} finished its work`);
  return `Child ${index} done`;
};

/** ChildWorkflow: waits on a durable timer (its "work"), then runs child_task; returns its result. */
export const childWorkflow: Workflow<ChildInput, string> = function* (ctx, input) {
  const { index, seconds } = input;
  yield ctx.createTimer(seconds);
  return (yield ctx.callActivity('child_task', index)) as string;
};

function parseInput(input: unknown): { children: number; childSeconds: number } {
  if (typeof input === 'number') return { children: wholeNumber(input, 'the number of children', 1), childSeconds: DEFAULT_CHILD_SECONDS };
  const record = inputObject(input, 'ParentWorkflow', SHAPE);
  return {
    children: wholeNumber(record.children, "'children'", 1),
    childSeconds: numberField(record, 'childSeconds', DEFAULT_CHILD_SECONDS),
  };
}

/** ParentWorkflow: starts N ChildWorkflow instances in parallel and returns their outputs in order. */
export const parentWorkflow: Workflow<ParentInput, string[]> = function* (ctx, input) {
  const { children, childSeconds } = parseInput(input);
  const tasks = Array.from({ length: children }, (_, i) =>
    ctx.callChildWorkflow<string>('ChildWorkflow', { index: i + 1, seconds: childSeconds } satisfies ChildInput),
  );
  return (yield ctx.whenAll(tasks)) as string[];
};

/** The child-workflows demo. */
export const parentChild: BuiltInWorkflow = {
  name: 'ParentWorkflow',
  workflow: parentWorkflow,
  demo: { title: 'Child workflows', pattern: 'Child workflows' },
  summary:
    'Starts N ChildWorkflow instances in parallel, each with its own instance ID and history, and combines their outputs. Terminating the parent terminates every child it started.',
  watch: 'Watch the child workflow bars run side by side and open a child from its bar; terminate the parent while they run and the children turn TERMINATED too.',
  exampleInput: { children: 3, childSeconds: 5 },
  activities: () => ({}),
};

/** The child the parent starts (registered, not a demo card of its own). */
export const child: BuiltInWorkflow = {
  name: 'ChildWorkflow',
  workflow: childWorkflow,
  summary: 'One child of ParentWorkflow: waits on a durable timer for `seconds`, then runs child_task and returns its result.',
  watch: "Watch its timer, then its activity; the parent's timeline shows this instance as one child bar.",
  exampleInput: { index: 1, seconds: 5 },
  activities: () => ({ child_task: childTask }),
};
