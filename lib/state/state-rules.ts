// What the state API accepts: store names, keys, ETags, value sizes and request sizes, shared by HTTP and gRPC.
import { InvalidStateRequestError } from './state-errors';

/** Longest state store name (characters). */
export const MAX_STORE_NAME_CHARS = 256;
/** Longest key (UTF-8 bytes): PostgreSQL's primary-key index holds keys well under its 2,704-byte entry limit. */
export const MAX_KEY_BYTES = 1024;
/** Longest ETag a client may send (characters); ours are 36. */
export const MAX_ETAG_CHARS = 256;
/** Most items one save, bulk get or transaction may carry. */
export const MAX_STATE_ITEMS = 1000;
/** How many values' worth of bytes one HTTP request body may carry (4 MiB with the default 1 MiB value limit, as Dapr's default). */
export const REQUEST_BODY_VALUES = 4;

/** Throws InvalidStateRequestError unless `name` is a usable state store name. */
export function checkStoreName(name: string): void {
  if (!name.trim()) throw new InvalidStateRequestError('the state store name is empty');
  if (name.length > MAX_STORE_NAME_CHARS) {
    throw new InvalidStateRequestError(`the state store name is ${name.length} characters long; the limit is ${MAX_STORE_NAME_CHARS}`);
  }
  if (hasControlCharacters(name)) throw new InvalidStateRequestError('the state store name contains control characters');
}

/** Throws InvalidStateRequestError unless `key` is a usable key (non-empty, not too long, no '||' as in Dapr). */
export function checkKey(key: string): void {
  if (key === '') throw new InvalidStateRequestError('a state key is empty: every item needs a non-empty key');
  const bytes = Buffer.byteLength(key);
  if (bytes > MAX_KEY_BYTES) throw new InvalidStateRequestError(`state key '${key.slice(0, 40)}…' is ${bytes} bytes long; the limit is ${MAX_KEY_BYTES} bytes`);
  if (key.includes('||')) throw new InvalidStateRequestError(`state key '${key}' contains '||', which Dapr reserves`);
}

/** Throws InvalidStateRequestError unless `etag` (when given) is a plausible ETag string. */
export function checkETag(etag: string | undefined, key: string): void {
  if (etag !== undefined && etag.length > MAX_ETAG_CHARS) {
    throw new InvalidStateRequestError(`the ETag of key '${key}' is ${etag.length} characters long; the limit is ${MAX_ETAG_CHARS}`);
  }
}

/** Throws InvalidStateRequestError (tooLarge) when a value is over `limit` bytes. */
export function checkValueSize(value: Uint8Array, key: string, limit: number): void {
  if (value.byteLength > limit) {
    throw new InvalidStateRequestError(`the value of key '${key}' is ${value.byteLength} bytes; the limit is ${limit} bytes`, true);
  }
}

/** Throws InvalidStateRequestError when a request carries more than MAX_STATE_ITEMS items (none is fine). */
export function checkItemCount(count: number, what: string): void {
  if (count > MAX_STATE_ITEMS) throw new InvalidStateRequestError(`${count} ${what} in one request; the limit is ${MAX_STATE_ITEMS}`);
}

function hasControlCharacters(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
