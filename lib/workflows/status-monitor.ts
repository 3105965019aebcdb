import type { Workflow, WorkflowActivity } from '@/lib/engine';
import type { BuiltInWorkflow } from './built-in';
import { inputObject, numberField, wholeNumber } from './input';

/** StatusMonitorWorkflow's input; the counters are carried from one generation to the next by continue-as-new. */
export interface MonitorInput {
  jobId: string;
  /** End (COMPLETED) after this many checks; without it the monitor runs until terminated. */
  maxChecks?: number;
  /** Sleep between checks while healthy (default 5 s). */
  healthyIntervalSeconds?: number;
  /** Sleep between checks while unhealthy (default 2 s). */
  unhealthyIntervalSeconds?: number;
  checks?: number;
  isHealthy?: boolean;
  alertsSent?: number;
}

/** What the monitor returns when it reaches maxChecks. */
export interface MonitorResult {
  jobId: string;
  checks: number;
  lastStatus: JobStatus;
  alertsSent: number;
}

/** A job's health. */
export type JobStatus = 'healthy' | 'unhealthy';

/** The simulated job's status at check n: a repeating cycle healthy, healthy, unhealthy, unhealthy, healthy. */
export function simulatedStatus(check: number): JobStatus {
  return [2, 3].includes((check - 1) % 5) ? 'unhealthy' : 'healthy';
}

/** Activity `check_status`: polls the (simulated) job. */
export const checkStatus: WorkflowActivity<{ jobId: string; check: number }, JobStatus> = async (ctx, { jobId, check }) => {
  const status = simulatedStatus(check);
  await ctx.log(`Check ${check}: job '${jobId}' is ${status}`);
  return status;
};

/** Activity `send_alert`: raises the alarm. */
export const sendAlert: WorkflowActivity<string, void> = async (ctx, message) => {
  await ctx.log(`*** Alert: ${message}`);
};

function parseInput(input: unknown): Required<Omit<MonitorInput, 'maxChecks'>> & { maxChecks?: number } {
  const record = inputObject(input, 'StatusMonitorWorkflow', '{"jobId": "…", "maxChecks"?: n}');
  if (typeof record.jobId !== 'string' || !record.jobId) throw new TypeError("'jobId' must be a non-empty string");
  return {
    jobId: record.jobId,
    maxChecks: record.maxChecks === undefined ? undefined : wholeNumber(record.maxChecks, "'maxChecks'", 1),
    healthyIntervalSeconds: numberField(record, 'healthyIntervalSeconds', 5),
    unhealthyIntervalSeconds: numberField(record, 'unhealthyIntervalSeconds', 2),
    checks: numberField(record, 'checks', 0),
    isHealthy: record.isHealthy !== false,
    alertsSent: numberField(record, 'alertsSent', 0),
  };
}

/**
 * StatusMonitorWorkflow: checks a job, alerts once when it turns unhealthy, sleeps on a durable timer
 * (shorter while unhealthy), then continues as new with its counters; stops after maxChecks.
 */
export const statusMonitorWorkflow: Workflow<MonitorInput, MonitorResult | undefined> = function* (ctx, input) {
  const job = parseInput(input);
  const check = job.checks + 1;
  const status = (yield ctx.callActivity('check_status', { jobId: job.jobId, check })) as JobStatus;
  let { isHealthy, alertsSent } = job;
  if (status === 'healthy') {
    isHealthy = true;
  } else if (isHealthy) {
    isHealthy = false;
    yield ctx.callActivity('send_alert', `Job '${job.jobId}' is unhealthy!`);
    alertsSent += 1;
  }
  ctx.setCustomStatus(`check ${check}${job.maxChecks ? ` of ${job.maxChecks}` : ''}: ${status}`);
  if (job.maxChecks !== undefined && check >= job.maxChecks) {
    return { jobId: job.jobId, checks: check, lastStatus: status, alertsSent };
  }
  yield ctx.createTimer(isHealthy ? job.healthyIntervalSeconds : job.unhealthyIntervalSeconds);
  ctx.continueAsNew({ ...job, checks: check, isHealthy, alertsSent });
  return undefined;
};

/** The monitor demo. */
export const statusMonitor: BuiltInWorkflow = {
  name: 'StatusMonitorWorkflow',
  workflow: statusMonitorWorkflow,
  demo: { title: 'Monitor', pattern: 'Monitor' },
  summary:
    'Polls a simulated job (healthy twice, then unhealthy twice, in a cycle), alerts once when it turns unhealthy, sleeps on a durable timer (5 s healthy, 2 s unhealthy) and restarts itself with continue-as-new. With maxChecks it completes after that many checks; without, it runs until terminated.',
  watch:
    'Watch the timeline restart after each timer: continue-as-new replaces the history, and the custom status and the input show the check count carried over.',
  exampleInput: { jobId: 'job-42', maxChecks: 6 },
  activities: () => ({ check_status: checkStatus, send_alert: sendAlert }),
};
