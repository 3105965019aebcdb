// Reads a request body as JSON with a byte limit, turning each way it can go wrong into an ApiError.
import { ApiError } from './errors';

/** Result of reading a body: `present` is false for an empty body. */
export type JsonBody = { present: false } | { present: true; value: unknown };

/**
 * Reads the body (at most `limit` bytes: 413 from Content-Length before reading, or as soon as the bytes
 * read pass it) and parses it as JSON (400 ERR_MALFORMED_REQUEST saying where parsing failed). An empty
 * or whitespace-only body is `{ present: false }`. The Content-Type is not checked (curl -d sends a form type).
 */
export async function readJsonBody(request: Request, limit: number): Promise<JsonBody> {
  const text = await readText(request, limit);
  if (text.trim() === '') return { present: false };
  try {
    return { present: true, value: JSON.parse(text) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ApiError('ERR_MALFORMED_REQUEST', `request body is not valid JSON: ${detail}`);
  }
}

/** The body as UTF-8 text; throws 413 ERR_PAYLOAD_TOO_LARGE when it is over `limit` bytes. */
export async function readText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(declared, limit);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(size, limit, true);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

function tooLarge(size: number, limit: number, partial = false): ApiError {
  const amount = partial ? `more than ${limit} bytes` : `${size} bytes`;
  return new ApiError('ERR_PAYLOAD_TOO_LARGE', `request body is ${amount}; the limit is ${limit} bytes`);
}
