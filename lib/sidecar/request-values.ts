// Reading values out of gRPC requests: required IDs and names, JSON payloads (as text or bytes) within the limit.
import { ApiError } from '../api/errors';
import { PayloadTooLargeError } from '../engine/errors';
import { checkPayloadSize } from '../engine/payload';

/** The instance ID of a request; ERR_INSTANCE_ID_PROVIDED_MISSING (INVALID_ARGUMENT) when empty. */
export function requireInstanceId(instanceId: string | undefined): string {
  if (!instanceId) throw new ApiError('ERR_INSTANCE_ID_PROVIDED_MISSING', 'no instance ID was given');
  return instanceId;
}

/**
 * A JSON payload sent as text (undefined when absent or empty): ERR_PAYLOAD_TOO_LARGE over `limit` bytes,
 * ERR_MALFORMED_REQUEST (INVALID_ARGUMENT) when it is not JSON. `what` names it in the message.
 */
export function parseJsonText(text: string | undefined, what: string, limit: number): unknown {
  if (text === undefined || text === '') return undefined;
  checkPayloadSize(text, what, limit);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError('ERR_MALFORMED_REQUEST', `${what} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A JSON payload sent as bytes (UTF-8), as parseJsonText. */
export function parseJsonBytes(bytes: Uint8Array | undefined, what: string, limit: number): unknown {
  if (!bytes || bytes.byteLength === 0) return undefined;
  if (bytes.byteLength > limit) throw new PayloadTooLargeError(what, bytes.byteLength, limit);
  return parseJsonText(Buffer.from(bytes).toString('utf8'), what, limit);
}
