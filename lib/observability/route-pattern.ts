// The route pattern an HTTP request is counted under: the path with its parameters replaced by their names
// (/api/instances/[id]/history), so that metrics have one series per route, never one per instance ID.
import { DAPR_API_VERSIONS, daprAreaOf } from '../api/dapr-router';

const INSTANCE_ACTIONS = new Set(['terminate', 'pause', 'resume', 'purge']);

/**
 * The pattern of a Next.js route from its path and the route's params: each segment equal to a param's value
 * becomes `[name]`, a catch-all's segments `[...name]`. Matches from the end, where Next.js's params are.
 */
export function nextRoutePattern(pathname: string, params: unknown): string {
  const segments = pathname.split('/').filter(Boolean);
  const entries = params && typeof params === 'object' ? Object.entries(params as Record<string, unknown>) : [];
  for (const [name, value] of entries.reverse()) {
    if (Array.isArray(value)) {
      const start = segments.length - value.length;
      if (start >= 0) segments.splice(start, value.length, `[...${name}]`);
      continue;
    }
    if (typeof value !== 'string') continue;
    for (let i = segments.length - 1; i >= 0; i--) {
      if (!segments[i].startsWith('[') && safeDecode(segments[i]) === value) {
        segments[i] = `[${name}]`;
        break;
      }
    }
  }
  return `/${segments.join('/')}`;
}

/** The pattern of a path under Dapr's /{version}/ API, from the segments after the version. */
export function daprRoutePattern(version: string, segments: readonly string[]): string {
  const base = `/${(DAPR_API_VERSIONS as readonly string[]).includes(version) ? version : '[version]'}`;
  const area = daprAreaOf(segments);
  if (area === 'health' || area === 'metadata') return `${base}/${segments.join('/')}`;
  if (area === 'state') {
    const [, , key] = segments;
    if (segments.length === 2) return `${base}/state/[storeName]`;
    return `${base}/state/[storeName]/${key === 'bulk' || key === 'transaction' ? key : '[key]'}`;
  }
  const [first, , ...rest] = segments;
  if (first !== 'workflows' || segments.length < 3) return `${base}/[unmatched]`;
  const [, second] = rest;
  const root = `${base}/workflows/[component]`;
  if (rest.length === 1) return `${root}/[instanceId]`;
  if (rest.length === 2 && second === 'start') return `${root}/[workflowName]/start`;
  if (rest.length === 2 && INSTANCE_ACTIONS.has(second)) return `${root}/[instanceId]/${second}`;
  if (rest.length === 3 && second === 'raiseEvent') return `${root}/[instanceId]/raiseEvent/[eventName]`;
  return `${base}/[unmatched]`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
