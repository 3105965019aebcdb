import { PayloadNotSerializableError, PayloadTooLargeError } from './errors';

/** Default limit for inputs, outputs, event payloads and activity results: 1 MiB. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

/** Serializes a value for storage as JSON (undefined stays undefined) and enforces the size limit. */
export function serializePayload(value: unknown, what: string, limit: number): string | undefined {
  if (value === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new PayloadNotSerializableError(what, error);
  }
  if (text === undefined) throw new PayloadNotSerializableError(what, new Error(`a ${typeof value} has no JSON form`));
  checkPayloadSize(text, what, limit);
  return text;
}

/** Throws PayloadTooLargeError when an already-serialized payload is over the limit. */
export function checkPayloadSize(text: string | undefined, what: string, limit: number): void {
  if (text === undefined) return;
  // Fast path: a UTF-8 string is at most 3 bytes per UTF-16 unit.
  if (text.length * 3 <= limit) return;
  const size = Buffer.byteLength(text, 'utf8');
  if (size > limit) throw new PayloadTooLargeError(what, size, limit);
}

/** Parses a stored payload back into a value (undefined for none). */
export function deserializePayload<T = unknown>(text: string | undefined | null): T {
  if (text === undefined || text === null || text === '') return undefined as T;
  return JSON.parse(text) as T;
}
