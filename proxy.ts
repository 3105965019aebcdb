// Next.js proxy (middleware), run only for paths with a '%' in them: refuses paths whose percent-encoding does not
// decode with a JSON 400 (Next.js itself answered them with a plain-text 500), lets every other request through.
import { NextResponse, type NextRequest } from 'next/server';
import { malformedPathResponse } from './lib/api/path-encoding';

/** Answers a request with a malformed path; passes the rest on. */
export function proxy(request: NextRequest): Response {
  return malformedPathResponse(request) ?? NextResponse.next();
}

export const config = { matcher: '/(.*%.*)' };
