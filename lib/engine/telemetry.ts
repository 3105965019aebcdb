// The engine's telemetry seam: the workers call these hooks on their hot path; metrics (prom-client) and traces
// (OpenTelemetry) implement them outside the engine core. The default does nothing and costs one call.
import type { TraceContext } from './trace-context';

/** What a worker knows about a workflow step as it begins. */
export interface WorkflowStepInfo {
  instanceId: string;
  workflowName: string;
  /** When the oldest consumed message became visible (claim-to-start lag is now minus this). */
  oldestVisibleAt?: Date;
  /** How many inbox messages the step consumes. */
  messages: number;
  /** When the instance was created (with its ID, what a trace of an instance started without a caller's trace is keyed on). */
  createdAt?: Date;
  /** The trace context stored with the instance: its start request's (or its parent's step's, for a child). */
  trace?: TraceContext;
}

/** What a worker knows about an activity attempt as it begins. */
export interface ActivityAttemptInfo {
  instanceId: string;
  activityName: string;
  taskId: number;
  /** Which attempt of the task this is under its retry policy (1 for the first). */
  attempt: number;
  /** The trace context stored with the task: the span of the step that scheduled it. */
  trace?: TraceContext;
  /** When the task became visible to claims (claim-to-start lag is now minus this). */
  visibleAt?: Date;
}

/** Which kind of worker met a failure. */
export type TelemetryWorkerKind = 'workflow' | 'activity';

/** How a step or attempt ended. */
export type TelemetryOutcome = 'completed' | 'failed' | 'lease-lost' | 'abandoned';

/** What a step's end knows besides its outcome. */
export interface TelemetryEndDetail {
  /** The instance's status after the step committed. */
  status?: string;
  /** This step ended the instance (it was live and is now terminal): the instance's trace ends. */
  ended?: boolean;
}

/** The handle a begun step or attempt returns; end() is called exactly once. */
export interface TelemetryScope {
  end(outcome: TelemetryOutcome, error?: unknown, detail?: TelemetryEndDetail): void;
  /** The trace context of the span this scope opened, when tracing: stored with the work a step schedules. */
  readonly trace?: TraceContext;
}

/** Hooks the engine calls; every one must be cheap and must not throw. */
export interface EngineTelemetry {
  /** A workflow step begins (after claim, before replay). */
  workflowStep(info: WorkflowStepInfo): TelemetryScope;
  /** An activity attempt begins (after claim, before the runner runs it). */
  activityAttempt(info: ActivityAttemptInfo): TelemetryScope;
  /** A claim failed (the database is unavailable, usually); the loop backs off and claims again. */
  claimFailed?(worker: TelemetryWorkerKind, error: unknown): void;
  /** This runtime's heartbeat took over the leases of workers that stopped beating (their work is redelivered). */
  workersTakenOver?(workerIds: readonly string[]): void;
}

const NOOP_SCOPE: TelemetryScope = { end: () => undefined };

/** Telemetry that records nothing: the default when no metrics or tracing is configured. */
export const NO_TELEMETRY: EngineTelemetry = {
  workflowStep: () => NOOP_SCOPE,
  activityAttempt: () => NOOP_SCOPE,
};

/** Calls every given telemetry in turn (metrics and traces together); a throwing hook is ignored. */
export function combineTelemetry(...parts: EngineTelemetry[]): EngineTelemetry {
  const live = parts.filter((part) => part !== NO_TELEMETRY);
  if (live.length === 0) return NO_TELEMETRY;
  if (live.length === 1) return live[0];
  const all = (begin: (part: EngineTelemetry) => TelemetryScope): TelemetryScope => {
    const scopes = live.map((part) => {
      try {
        return begin(part);
      } catch {
        return NOOP_SCOPE;
      }
    });
    return {
      trace: scopes.find((scope) => scope.trace)?.trace,
      end: (outcome, error, detail) => {
        for (const scope of scopes) {
          try {
            scope.end(outcome, error, detail);
          } catch {
            // telemetry never fails the engine
          }
        }
      },
    };
  };
  const each = (call: (part: EngineTelemetry) => void) => {
    for (const part of live) {
      try {
        call(part);
      } catch {
        // telemetry never fails the engine
      }
    }
  };
  return {
    workflowStep: (info) => all((part) => part.workflowStep(info)),
    activityAttempt: (info) => all((part) => part.activityAttempt(info)),
    claimFailed: (worker, error) => each((part) => part.claimFailed?.(worker, error)),
    workersTakenOver: (workerIds) => each((part) => part.workersTakenOver?.(workerIds)),
  };
}
