import { ApiError } from './api-error';
import type { ErrorBody } from '@/lib/api/dto';

/** Calls the dashboard API and returns its parsed JSON; throws ApiError with the API's code and message on failure. */
export async function fetchJson<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: init?.body ? { 'content-type': 'application/json', ...init.headers } : init?.headers,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', `The server could not be reached (${error instanceof Error ? error.message : String(error)})`);
  }
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
