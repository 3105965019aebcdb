import type { RuntimeStatus } from './runtime-status';
import type { FailureDetails } from './failure-details';

/** No instance has the given ID. */
export class InstanceNotFoundError extends Error {
  override name = 'InstanceNotFoundError';
  constructor(readonly instanceId: string) {
    super(`no workflow instance with ID '${instanceId}'`);
  }
}

/** An instance ID that is too long or has characters outside [A-Za-z0-9_:-]. */
export class InvalidInstanceIdError extends Error {
  override name = 'InvalidInstanceIdError';
  constructor(
    readonly instanceId: string,
    readonly reason: 'too_long' | 'invalid_characters',
  ) {
    super(
      reason === 'too_long'
        ? `instance ID is ${Buffer.byteLength(instanceId)} bytes long; the limit is 64 bytes`
        : `instance ID '${instanceId}' may contain only letters, digits, '-', '_' and ':'`,
    );
  }
}

/** A start request reused the ID of an instance that is still live. */
export class InstanceAlreadyExistsError extends Error {
  override name = 'InstanceAlreadyExistsError';
  constructor(
    readonly instanceId: string,
    readonly status: RuntimeStatus,
  ) {
    super(`an instance with ID '${instanceId}' already exists and is ${status}; its ID can be reused once it is COMPLETED, FAILED or TERMINATED`);
  }
}

/** An operation that the instance's current status does not allow (purge a running one, pause a paused one, ...). */
export class InvalidInstanceStatusError extends Error {
  override name = 'InvalidInstanceStatusError';
  constructor(
    readonly instanceId: string,
    readonly operation: string,
    readonly status: RuntimeStatus,
    readonly allowed: readonly RuntimeStatus[],
  ) {
    super(`cannot ${operation} instance '${instanceId}': it is ${status} (allowed only when ${allowed.join(', ')})`);
  }
}

/** A message sent with a receipt whose key was written before: nothing was sent; `record` is what the first one kept. */
export class DuplicateReceiptError extends Error {
  override name = 'DuplicateReceiptError';
  constructor(
    readonly key: string,
    readonly record: string,
  ) {
    super(`a message with receipt '${key}' was already sent`);
  }
}

/** The name of a workflow or activity that nobody registered. */
export class UnknownWorkflowError extends Error {
  override name = 'UnknownWorkflowError';
  constructor(
    readonly kind: 'workflow' | 'activity',
    readonly workflowName: string,
    /** Why nobody else can run it either (e.g. no remote worker is connected). */
    detail?: string,
  ) {
    super(`no ${kind} named '${workflowName}' is registered${detail ? `; ${detail}` : ''}`);
  }
}

/** A payload (input, output, event data, activity result) over the configured size limit. */
export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
  constructor(
    readonly what: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${what} is ${size} bytes; the limit is ${limit} bytes`);
  }
}

/** A value that cannot be stored as JSON (a function, a cycle, a BigInt ...). */
export class PayloadNotSerializableError extends Error {
  override name = 'PayloadNotSerializableError';
  constructor(
    readonly what: string,
    cause: unknown,
  ) {
    super(`${what} cannot be serialized as JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** The workflow code no longer matches the history it is replaying: the code changed under a running instance. */
export class NonDeterminismError extends Error {
  override name = 'NonDeterminismError';
}

/** A step whose lease on the instance (or activity task) was lost to another worker; its result is discarded. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  constructor(readonly what: string) {
    super(`lease lost on ${what}: another worker owns it now`);
  }
}

/** An activity or child workflow failed (after its retries); catch it in workflow code to compensate. */
export class TaskFailedError extends Error {
  override name = 'TaskFailedError';
  constructor(
    message: string,
    readonly details: FailureDetails,
    readonly taskId: number,
  ) {
    super(message);
  }
}

/** A wait (for an external event with a timeout) that ran out of time. */
export class TaskTimeoutError extends Error {
  override name = 'TaskTimeoutError';
}

/** True when `e` is an Error with the given `name` (survives duplicated module instances and minified class names). */
export function isErrorNamed(e: unknown, name: string): e is Error {
  return e instanceof Error && e.name === name;
}
