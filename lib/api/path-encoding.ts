// Paths whose percent-encoding does not decode (`%zz`, a cut-off `%E0%A4%A`, bytes that are not UTF-8): Next.js
// cannot match them to a route and answered a plain-text 500; the proxy (proxy.ts) answers this JSON 400 instead.
import { configuredApiToken, presentedToken, readCookie, requireToken, SESSION_COOKIE } from './auth';
import { ApiError, errorResponse } from './errors';

/** Paths that need the API token (checked before saying anything about the path), and whether the cookie counts. */
const TOKEN_AREAS: readonly [RegExp, boolean][] = [
  [/^\/api\//, true],
  [/^\/v1\.0(-beta1|-alpha1)?\//, false],
];

/**
 * The response to a request whose path is not valid percent-encoding (401 first on API paths without the token, then
 * 400 ERR_MALFORMED_REQUEST), or undefined when the path decodes. On dashboard paths a session cookie is enough to
 * hear the 400 (it is not looked up: the request is refused either way).
 */
export function malformedPathResponse(request: Request): Response | undefined {
  const path = new URL(request.url).pathname;
  try {
    decodeURIComponent(path);
    return undefined;
  } catch {
    try {
      const area = TOKEN_AREAS.find(([prefix]) => prefix.test(path));
      const cookie = area?.[1] && readCookie(request, SESSION_COOKIE) !== undefined && presentedToken(request) === undefined;
      if (area && !cookie) requireToken(presentedToken(request), configuredApiToken(), 'send it in the dapr-api-token header or as Authorization: Bearer <token>');
      throw new ApiError(
        'ERR_MALFORMED_REQUEST',
        `the path '${path}' is not valid percent-encoding: each '%' must start two hexadecimal digits, and the bytes they make must be UTF-8`,
      );
    } catch (error) {
      return errorResponse(error);
    }
  }
}
