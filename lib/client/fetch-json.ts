import { ApiError } from './api-error';
import type { ErrorBody } from '@/lib/api/dto';

/** The last body and ETag of each GET path answered with one (at most KEPT_ANSWERS, the oldest dropped first). */
const lastAnswers = new Map<string, { etag: string; body: unknown }>();
const KEPT_ANSWERS = 100;

/**
 * Calls the dashboard API and returns its parsed JSON; throws ApiError with the API's code and message on failure.
 * A GET of a path that answered with an ETag sends If-None-Match: on 304 (nothing changed) the last body is
 * returned, so a live page refreshing an unchanged view downloads no body.
 */
export async function fetchJson<T>(path: string, init?: RequestInit): Promise<T> {
  const get = (init?.method ?? 'GET') === 'GET';
  const last = get ? lastAnswers.get(path) : undefined;
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: { ...(init?.body ? { 'content-type': 'application/json' } : {}), ...(last ? { 'if-none-match': last.etag } : {}), ...(init?.headers as Record<string, string> | undefined) },
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', `The server could not be reached (${error instanceof Error ? error.message : String(error)})`);
  }
  if (response.status === 304 && last) return last.body as T;
  const text = await response.text();
  const body = text ? parseBody(text) : undefined;
  if (!response.ok) {
    // Flowdeck's errors say errorCode; Better Auth's (/api/auth/*) say code.
    const err = body as (Partial<ErrorBody> & { code?: string }) | undefined;
    throw new ApiError(
      response.status,
      err?.errorCode ?? err?.code ?? `HTTP_${response.status}`,
      err?.message ?? (response.statusText || `The server answered ${response.status}`),
    );
  }
  const etag = get ? response.headers.get('etag') : null;
  if (etag) {
    lastAnswers.delete(path);
    lastAnswers.set(path, { etag, body });
    if (lastAnswers.size > KEPT_ANSWERS) lastAnswers.delete(lastAnswers.keys().next().value!);
  }
  return body as T;
}

/** POSTs a JSON body to the API (see fetchJson). */
export function postJson<T>(path: string, body?: unknown): Promise<T> {
  return fetchJson<T>(path, { method: 'POST', body: JSON.stringify(body ?? {}) });
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { errorCode: 'INVALID_RESPONSE', message: text.slice(0, 300) };
  }
}
