// Small response helpers shared by the API's handlers.
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
