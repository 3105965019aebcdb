// Small response helpers shared by the API's handlers.
import { createHash } from 'node:crypto';
import type { ApiContext } from './context';

/** Room for a JSON envelope ({"input": ...}) around a payload, on top of the engine's payload limit. */
export const ENVELOPE_BYTES = 16 * 1024;

/**
 * Largest request body accepted: the payload limit itself for a raw payload (Dapr routes), plus room for the
 * envelope for the dashboard's JSON bodies (the engine then checks the payload on its own).
 */
export function bodyLimit(ctx: Pick<ApiContext, 'maxPayloadBytes'>, body: 'payload' | 'envelope'): number {
  return body === 'payload' ? ctx.maxPayloadBytes : ctx.maxPayloadBytes + ENVELOPE_BYTES;
}

/** A JSON response that caches must not keep. */
export function noStoreJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

/**
 * 200 with the JSON body and its ETag (`Cache-Control: private, no-cache`), or 304 with no body when the request's
 * If-None-Match already names it: a page refreshing an unchanged view costs no body (lib/client/fetch-json.ts).
 */
export function revalidatedJson(request: Request, body: unknown): Response {
  const text = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
  const headers = { ETag: etag, 'Cache-Control': 'private, no-cache', 'Content-Type': 'application/json' };
  const presented = request.headers.get('if-none-match');
  if (presented && presented.split(',').some((tag) => tag.trim() === etag)) return new Response(null, { status: 304, headers });
  return new Response(text, { status: 200, headers });
}
