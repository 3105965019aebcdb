// zod schemas of the dashboard API's query strings and JSON bodies, and the one function that applies them.
import { z } from 'zod';
import { RUNTIME_STATUSES } from '../engine/runtime-status';
import { decodeCursor } from '../store/cursor';
import { ApiError } from './errors';

/** Most instances one list page returns. */
export const MAX_PAGE_SIZE = 200;
/** Most history events one history page returns. */
export const MAX_HISTORY_PAGE = 1000;
/** Most instance IDs one bulk request may name. */
export const MAX_BULK_IDS = 500;

const isoDate = z.iso.datetime({ offset: true, local: false }).or(z.iso.date()).transform((s) => new Date(s));
const intParam = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** GET /api/instances query (status may repeat or be comma-separated). */
export const instanceListQuery = z.object({
  status: z.array(z.enum(RUNTIME_STATUSES)).optional(),
  name: z.string().min(1).optional(),
  idPrefix: z.string().min(1).optional(),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
  cursor: z
    .string()
    .min(1)
    .refine((c) => isCursor(c), 'is not a cursor returned by this API')
    .optional(),
  limit: intParam(1, MAX_PAGE_SIZE, 50),
});

/** GET /api/instances/{id}/history query. */
export const historyQuery = z.object({
  from: intParam(0, Number.MAX_SAFE_INTEGER, 0),
  limit: intParam(1, MAX_HISTORY_PAGE, 200),
});

/** POST /api/workflows/{name}/start body. */
export const startBody = z.strictObject({
  input: z.unknown().optional(),
  instanceId: z.string().optional(),
  startAt: isoDate.optional(),
});

/** POST /api/instances/{id}/terminate body. */
export const terminateBody = z.strictObject({ output: z.unknown().optional() });

/** POST /api/instances/{id}/pause and /resume body. */
export const reasonBody = z.strictObject({ reason: z.string().optional() });

/** POST /api/instances/{id}/purge body. */
export const emptyBody = z.strictObject({});

/** POST /api/instances/{id}/raise-event body. */
export const raiseEventBody = z.strictObject({ eventName: z.string().min(1), payload: z.unknown().optional() });

/** POST /api/instances/bulk body. */
export const bulkBody = z.strictObject({
  action: z.enum(['pause', 'resume', 'terminate', 'purge']),
  instanceIds: z
    .array(z.string().min(1))
    .min(1)
    .max(MAX_BULK_IDS)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an ID'),
  dryRun: z.boolean().optional(),
});

/** POST /api/session body. */
export const sessionBody = z.strictObject({ token: z.string().min(1) });

/** Validates `value`; throws 400 ERR_MALFORMED_REQUEST listing every problem (`where` names the query or body). */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: 'query' | 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
  throw new ApiError('ERR_MALFORMED_REQUEST', `invalid request ${where}: ${problems.join('; ')}`);
}

/** The query string as an object: repeated keys become arrays for `multi` keys (which also split on commas). */
export function queryObject(url: URL, multi: readonly string[] = []): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    out[key] = multi.includes(key) ? values.flatMap((v) => v.split(',')).filter(Boolean) : values[values.length - 1];
  }
  return out;
}

function isCursor(cursor: string): boolean {
  try {
    decodeCursor(cursor);
    return true;
  } catch {
    return false;
  }
}
