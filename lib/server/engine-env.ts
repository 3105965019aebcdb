import type { EngineOptions } from '../engine/engine-options';
import type { HeartbeatOptions } from '../engine/heartbeat';

/** The options the environment can set: the engine's tuning and its heartbeat. */
type EnvOptions = Partial<EngineOptions> & Partial<HeartbeatOptions>;

const NUMERIC: [keyof EngineOptions | keyof HeartbeatOptions, string][] = [
  ['maxConcurrentWorkflowInvocations', 'FLOWDECK_MAX_CONCURRENT_WORKFLOWS'],
  ['maxConcurrentActivityInvocations', 'FLOWDECK_MAX_CONCURRENT_ACTIVITIES'],
  ['leaseMs', 'FLOWDECK_LEASE_MS'],
  ['pollIntervalMs', 'FLOWDECK_POLL_INTERVAL_MS'],
  ['maxPayloadBytes', 'FLOWDECK_MAX_PAYLOAD_BYTES'],
  ['shutdownGraceMs', 'FLOWDECK_SHUTDOWN_GRACE_MS'],
  ['heartbeatIntervalMs', 'FLOWDECK_HEARTBEAT_INTERVAL_MS'],
  ['workerGraceMs', 'FLOWDECK_WORKER_GRACE_MS'],
  ['maxKeptExecutions', 'FLOWDECK_MAX_KEPT_EXECUTIONS'],
];

/** Engine options set through FLOWDECK_* environment variables; throws on a value that is not a positive number. */
export function engineOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): EnvOptions {
  const options: EnvOptions = {};
  for (const [key, variable] of NUMERIC) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${variable} must be a positive number, got '${raw}'`);
    (options as Record<string, number>)[key] = value;
  }
  const handover = env.FLOWDECK_DIRECT_HANDOVER;
  if (handover !== undefined && handover !== '') {
    if (handover !== 'on' && handover !== 'off') throw new RangeError(`FLOWDECK_DIRECT_HANDOVER must be 'on' or 'off', got '${handover}'`);
    options.directHandover = handover === 'on';
  }
  if (env.FLOWDECK_WORKER_ID) options.workerId = env.FLOWDECK_WORKER_ID;
  if (env.FLOWDECK_WORKER_HOST) options.workerHost = env.FLOWDECK_WORKER_HOST;
  return options;
}
