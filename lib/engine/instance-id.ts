import { InvalidInstanceIdError } from './errors';

const VALID_ID = /^[A-Za-z0-9_-]+$/;

/** Maximum instance ID length in bytes (Dapr's limit). */
export const MAX_INSTANCE_ID_BYTES = 64;

/** Throws InvalidInstanceIdError unless `id` is at most 64 bytes of letters, digits, '-' and '_'. */
export function validateInstanceId(id: string): void {
  if (Buffer.byteLength(id, 'utf8') > MAX_INSTANCE_ID_BYTES) throw new InvalidInstanceIdError(id, 'too_long');
  if (!VALID_ID.test(id)) throw new InvalidInstanceIdError(id, 'invalid_characters');
}
