// Reads a request body as JSON with a byte limit, turning each way it can go wrong into an ApiError.
import { ApiError } from './errors';

/** Result of reading a body: `present` is false for an empty body. */
export type JsonBody = { present: false } | { present: true; value: unknown };

/**
 * Reads the body (at most `limit` bytes: 413 from Content-Length before reading, or as soon as the bytes
 * read pass it) and parses it as JSON (400 ERR_MALFORMED_REQUEST saying where parsing failed). An empty
 * or whitespace-only body is `{ present: false }`; bytes that are not UTF-8 are 400 ERR_MALFORMED_REQUEST. The
 * Content-Type is not checked (curl -d sends a form type).
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

/** The body as UTF-8 text; throws 413 ERR_PAYLOAD_TOO_LARGE when it is over `limit` bytes, 400 when it is not UTF-8. */
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
  return decodeUtf8(Buffer.concat(chunks));
}

/** The bytes as text; 400 ERR_MALFORMED_REQUEST (not replacement characters) when they are not valid UTF-8. */
function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError('ERR_MALFORMED_REQUEST', `request body is not valid UTF-8 (at byte ${invalidUtf8Offset(bytes)} of ${bytes.byteLength}): send JSON as UTF-8 text`);
  }
}

/** Where UTF-8 decoding of `bytes` fails: the length of the longest prefix that decodes (an unfinished sequence at its end allowed). */
function invalidUtf8Offset(bytes: Uint8Array): number {
  const decodes = (end: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  // A prefix of `good` bytes decodes; one of `bad` bytes does not (bytes.length + 1 stands for the whole body, ended).
  let good = 0;
  let bad = bytes.length + 1;
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    if (decodes(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

function tooLarge(size: number, limit: number, partial = false): ApiError {
  const amount = partial ? `more than ${limit} bytes` : `${size} bytes`;
  return new ApiError('ERR_PAYLOAD_TOO_LARGE', `request body is ${amount}; the limit is ${limit} bytes`);
}
