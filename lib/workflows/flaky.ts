import type { Workflow, WorkflowActivity } from '@/lib/engine';
import type { BuiltInWorkflow } from './built-in';
import { inputObject, numberField, wholeNumber } from './input';

/** FlakyWorkflow's input: how many attempts fail first; the retry policy's numbers can be changed too. */
export interface FlakyInput {
  failures: number;
  /** Attempts allowed in all, first included (default 5). */
  maxAttempts?: number;
  /** Wait before the first retry (default 1 s); each later retry waits twice as long. */
  retryIntervalSeconds?: number;
}

/** Activity `flaky_call`: fails its first `failures` attempts, then succeeds (decided by the attempt number, so it is deterministic). */
export const flakyCall: WorkflowActivity<{ failures: number }, string> = async (ctx, { failures }) => {
  const attempt = ctx.getAttempt();
  if (attempt <= failures) {
    await ctx.log(`Attempt ${attempt} failed (simulated outage)`);
    throw new Error(`attempt ${attempt} failed (simulated outage)`);
  }
  await ctx.log(`Attempt ${attempt} succeeded`);
  return `Succeeded on attempt ${attempt}`;
};

/** FlakyWorkflow: calls flaky_call under a retry policy with exponential backoff; returns its result. */
export const flakyWorkflow: Workflow<FlakyInput, string> = function* (ctx, input) {
  const record = inputObject(input, 'FlakyWorkflow', '{"failures": k}');
  const failures = wholeNumber(record.failures, "'failures'");
  const retryPolicy = {
    maxNumberOfAttempts: wholeNumber(record.maxAttempts ?? 5, "'maxAttempts'", 1),
    firstRetryIntervalInMilliseconds: numberField(record, 'retryIntervalSeconds', 1) * 1000,
    backoffCoefficient: 2,
    maxRetryIntervalInMilliseconds: 60_000,
  };
  return (yield ctx.callActivity('flaky_call', { failures }, { retryPolicy })) as string;
};

/** The retries demo. */
export const flaky: BuiltInWorkflow = {
  name: 'FlakyWorkflow',
  workflow: flakyWorkflow,
  demo: { title: 'Retries', pattern: 'Retry policies' },
  summary:
    'Calls an activity that fails its first `failures` attempts, under a retry policy of 5 attempts with exponential backoff (1 s, 2 s, 4 s, …). With failures of 5 or more the retries run out and the instance fails.',
  watch: 'Watch the failed attempts and the growing retry timers between them, until an attempt succeeds.',
  exampleInput: { failures: 2 },
  activities: () => ({ flaky_call: flakyCall }),
};
