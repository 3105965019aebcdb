import { InvalidInstanceIdError } from './errors';

/**
 * Letters, digits, '-' and '_' (Dapr's documented set) and ':', which the Dapr SDKs put in the IDs of
 * child workflows they start (`parent:0001`).
 */
const VALID_ID = /^[A-Za-z0-9_:-]+$/;

/** Maximum instance ID length in bytes (Dapr's limit). */
export const MAX_INSTANCE_ID_BYTES = 64;

/** Throws InvalidInstanceIdError unless `id` is at most 64 bytes of letters, digits, '-', '_' and ':'. */
export function validateInstanceId(id: string): void {
  if (Buffer.byteLength(id, 'utf8') > MAX_INSTANCE_ID_BYTES) throw new InvalidInstanceIdError(id, 'too_long');
  if (!VALID_ID.test(id)) throw new InvalidInstanceIdError(id, 'invalid_characters');
}
