// The engine's telemetry seam: the workers call these hooks on their hot path; metrics (prom-client) and traces
// (OpenTelemetry) implement them outside the engine core. The default does nothing and costs one call.

/** What a worker knows about a workflow step as it begins. */
export interface WorkflowStepInfo {
  instanceId: string;
  workflowName: string;
  /** When the oldest consumed message became visible (claim-to-start lag is now minus this). */
  oldestVisibleAt?: Date;
  /** How many inbox messages the step consumes. */
  messages: number;
}

/** What a worker knows about an activity attempt as it begins. */
export interface ActivityAttemptInfo {
  instanceId: string;
  activityName: string;
  taskId: number;
  /** Which attempt of the task this is under its retry policy (1 for the first). */
  attempt: number;
}

/** How a step or attempt ended. */
export type TelemetryOutcome = 'completed' | 'failed' | 'lease-lost' | 'abandoned';

/** The handle a begun step or attempt returns; end() is called exactly once. */
export interface TelemetryScope {
  end(outcome: TelemetryOutcome, error?: unknown): void;
}

/** Hooks the engine calls; every one must be cheap and must not throw. */
export interface EngineTelemetry {
  /** A workflow step begins (after claim, before replay). */
  workflowStep(info: WorkflowStepInfo): TelemetryScope;
  /** An activity attempt begins (after claim, before the runner runs it). */
  activityAttempt(info: ActivityAttemptInfo): TelemetryScope;
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
      end: (outcome, error) => {
        for (const scope of scopes) {
          try {
            scope.end(outcome, error);
          } catch {
            // telemetry never fails the engine
          }
        }
      },
    };
  };
  return {
    workflowStep: (info) => all((part) => part.workflowStep(info)),
    activityAttempt: (info) => all((part) => part.activityAttempt(info)),
  };
}
