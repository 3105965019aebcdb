// Conversions between protocol messages and the engine's values: times, wrapped strings, statuses, instance state.
import type { FailureDetails } from '../engine/failure-details';
import { RUNTIME_STATUSES, type RuntimeStatus } from '../engine/runtime-status';
import type { InstanceRecord } from '../engine/store';
import { ApiError } from '../api/errors';
import type { PbFailureDetails, PbOrchestrationState, PbOrchestrationStatus, PbString, PbTimestamp } from './proto-types';

const STATUS_PREFIX = 'ORCHESTRATION_STATUS_';

/** A Date as a protobuf Timestamp. */
export function toTimestamp(date: Date): PbTimestamp {
  const ms = date.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
}

/** A protobuf Timestamp as a Date (undefined when unset); `what` names the field in the error for a bad one. */
export function fromTimestamp(ts: PbTimestamp | null | undefined, what: string): Date | undefined {
  if (!ts) return undefined;
  const date = new Date(Number(ts.seconds) * 1000 + Math.floor(Number(ts.nanos) / 1_000_000));
  if (Number.isNaN(date.getTime())) throw new ApiError('ERR_MALFORMED_REQUEST', `${what} is not a valid timestamp`);
  return date;
}

/** A string in a google.protobuf.StringValue (null for undefined). */
export function toPbString(value: string | undefined): PbString {
  return value === undefined ? null : { value };
}

/**
 * The engine status as the SDKs may see it. CANCELED (which the JS SDK cannot parse) is reported as
 * TERMINATED, the closest durabletask status.
 */
export function toPbStatus(status: RuntimeStatus): PbOrchestrationStatus {
  return `${STATUS_PREFIX}${status === 'CANCELED' ? 'TERMINATED' : status}` as PbOrchestrationStatus;
}

/** A status filter from the protocol (enum name or number) as an engine status; INVALID_ARGUMENT for others. */
export function fromPbStatus(status: PbOrchestrationStatus | number): RuntimeStatus {
  const name = typeof status === 'number' ? RUNTIME_STATUSES[status] : status.startsWith(STATUS_PREFIX) ? status.slice(STATUS_PREFIX.length) : undefined;
  if (name === undefined || !(RUNTIME_STATUSES as readonly string[]).includes(name)) {
    throw new ApiError('ERR_MALFORMED_REQUEST', `unknown runtime status ${JSON.stringify(status)}; use one of ${RUNTIME_STATUSES.map((s) => STATUS_PREFIX + s).join(', ')}`);
  }
  return name as RuntimeStatus;
}

/** Failure details in the protocol's form. */
export function toPbFailure(failure: FailureDetails): Partial<PbFailureDetails> {
  return { errorType: failure.errorType, errorMessage: failure.message, stackTrace: toPbString(failure.stackTrace), isNonRetriable: false };
}

/**
 * An instance row as an OrchestrationState. With `withPayloads` false, input, output, custom status and
 * failure details are left out (as Dapr's sidecar does).
 */
export function toOrchestrationState(row: InstanceRecord, withPayloads: boolean): PbOrchestrationState {
  const state: PbOrchestrationState = {
    instanceId: row.instanceId,
    name: row.name,
    orchestrationStatus: toPbStatus(row.status),
    createdTimestamp: toTimestamp(row.createdAt),
    lastUpdatedTimestamp: toTimestamp(row.lastUpdatedAt),
    scheduledStartTimestamp: row.scheduledStartAt ? toTimestamp(row.scheduledStartAt) : null,
  };
  if (withPayloads) {
    state.input = toPbString(row.input);
    state.output = toPbString(row.output);
    state.customStatus = toPbString(row.customStatus);
    state.failureDetails = row.failure ? toPbFailure(row.failure) : null;
  }
  return state;
}
