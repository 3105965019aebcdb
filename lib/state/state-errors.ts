// Named errors of the state API's data layer; the HTTP and gRPC surfaces map them to their status codes.

/** Which state operation an error belongs to (it picks Dapr's error code). */
export type StateOperationKind = 'save' | 'get' | 'delete' | 'transaction';

/** A write whose ETag (or first-write condition) does not hold for the stored value: nothing was written. */
export class StateETagMismatchError extends Error {
  override name = 'StateETagMismatchError';
  constructor(
    readonly operation: StateOperationKind,
    readonly storeName: string,
    readonly key: string,
    reason: string,
  ) {
    super(`${failurePrefix(operation, storeName, key)}: possible etag mismatch: ${reason}`);
  }
}

/** A request that breaks the state API's rules (missing key, wrong types, oversized value, ...): nothing was written. */
export class InvalidStateRequestError extends Error {
  override name = 'InvalidStateRequestError';
  constructor(
    message: string,
    /** True when the problem is a value or request over the size limit. */
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

/** True when `error` is a StateETagMismatchError (also across module copies). */
export function isStateETagMismatch(error: unknown): error is StateETagMismatchError {
  return error instanceof Error && error.name === 'StateETagMismatchError';
}

/** True when `error` is an InvalidStateRequestError (also across module copies). */
export function isInvalidStateRequest(error: unknown): error is InvalidStateRequestError {
  return error instanceof Error && error.name === 'InvalidStateRequestError';
}

function failurePrefix(operation: StateOperationKind, storeName: string, key: string): string {
  switch (operation) {
    case 'delete':
      return `failed deleting state with key '${key}' in state store '${storeName}'`;
    case 'transaction':
      return `failed executing the state transaction in state store '${storeName}' at key '${key}'`;
    default:
      return `failed saving state with key '${key}' in state store '${storeName}'`;
  }
}
