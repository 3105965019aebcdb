// zod schemas of the dashboard API's query strings and JSON bodies, and the one function that applies them.
import { z } from 'zod';
import { nameProblem } from '../engine/limits';
import { RUNTIME_STATUSES } from '../engine/runtime-status';
import { decodeCursor } from '../store/cursor';
import type { HistoryPageQuery } from './dto';
import { ApiError } from './errors';

/** Most instances one list page returns. */
export const MAX_PAGE_SIZE = 200;
/** Most history events one history page returns. */
export const MAX_HISTORY_PAGE = 1000;
/** Most instance IDs one bulk request may name. */
export const MAX_BULK_IDS = 500;

const isoDate = z.iso.datetime({ offset: true, local: false }).or(z.iso.date()).transform((s) => new Date(s));
/** A whole number written in decimal digits only: no sign, leading zero, exponent, hex, point or white space. */
const DECIMAL_INTEGER = /^(0|[1-9][0-9]*)$/;
/** A query parameter that is a whole number in decimal digits between min and max. */
const wholeNumberParam = (min: number, max: number) =>
  z
    .string()
    .regex(DECIMAL_INTEGER, 'must be a whole number in decimal digits (like 50)')
    .transform(Number)
    .pipe(z.number().min(min).max(max));
/** A query parameter that is a whole number in decimal digits between min and max (fallback when absent). */
export const intParam = (min: number, max: number, fallback: number) =>
  wholeNumberParam(min, max)
    .optional()
    .transform((n) => n ?? fallback);

/** The query parameters of GET /api/instances that are lists (repeated, or comma-separated). */
export const INSTANCE_LIST_PARAMS = ['status'] as const;

/** A duration as the list's "waiting for longer than" takes it: a whole number and a unit (ms, s, m, h or d), like 90s or 1h. */
const DURATION = /^(0|[1-9][0-9]{0,12})(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const durationParam = z
  .string()
  .regex(DURATION, 'must be a whole number and a unit: ms, s, m, h or d (like 90s, 15m, 1h, 2d)')
  .transform((text) => {
    const [, amount, unit] = DURATION.exec(text)!;
    return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  });
const booleanParam = z.enum(['true', 'false']).transform((text) => text === 'true');
const text = z.string().min(1);

/** What GET /api/instances's `waitingKind` may be: a kind of wait, or `worker` (waits for an SDK worker to connect). */
export const WAITING_FILTER_KINDS = ['event', 'activity', 'child', 'timer', 'worker'] as const;

/** What the list sorts by (`sort`). */
export const INSTANCE_SORTS = ['created', 'updated', 'completed', 'duration', 'name', 'status'] as const;

/** The filters and sort GET /api/instances and its export share. */
const instanceFilterFields = {
  status: z.array(z.enum(RUNTIME_STATUSES)).optional(),
  name: text.optional(),
  idPrefix: text.optional(),
  idContains: text.optional(),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
  updatedFrom: isoDate.optional(),
  updatedTo: isoDate.optional(),
  completedFrom: isoDate.optional(),
  completedTo: isoDate.optional(),
  parentInstanceId: text.optional(),
  topLevel: booleanParam.optional(),
  waitingKind: z.enum(WAITING_FILTER_KINDS).optional(),
  waitingName: text.optional(),
  waitingLongerThan: durationParam.optional(),
  failureType: text.optional(),
  failureText: text.optional(),
  sort: z.enum(INSTANCE_SORTS).default('created'),
  order: z.enum(['asc', 'desc']).default('desc'),
};

/** The rules between filters (and a cursor's sort), for both the list and its export. */
function checkFilters(q: z.output<z.ZodObject<typeof instanceFilterFields>> & { cursor?: string }, ctx: z.RefinementCtx): void {
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  for (const [from, to] of [['createdFrom', 'createdTo'], ['updatedFrom', 'updatedTo'], ['completedFrom', 'completedTo']] as const) {
    if (q[from] && q[to] && q[from] > q[to]) problem(from, `must not be after ${to}`);
  }
  if (q.topLevel && q.parentInstanceId) problem('topLevel', 'cannot be combined with parentInstanceId (a child is not top-level)');
  if (q.waitingName && !q.waitingKind) problem('waitingName', 'needs waitingKind (event, activity, child or timer)');
  if (q.waitingKind === 'worker' && (q.waitingName || q.waitingLongerThan !== undefined)) {
    problem('waitingKind', 'worker takes no waitingName or waitingLongerThan (nothing records since when an instance waits for a worker)');
  }
  if (q.cursor && isCursor(q.cursor) && (decodeCursor(q.cursor).sort ?? 'created') !== q.sort) problem('cursor', `was made for another sort than ${q.sort}`);
}

/** GET /api/instances query (status may repeat or be comma-separated). */
export const instanceListQuery = z
  .strictObject({
    ...instanceFilterFields,
    cursor: z
      .string()
      .min(1)
      .refine((c) => isCursor(c), 'is not a cursor returned by this API')
      .optional(),
    limit: intParam(1, MAX_PAGE_SIZE, 50),
  })
  .superRefine(checkFilters);

/** A bulk job's filter (POST /api/bulk-jobs): the list's filters and sort, as the list's query string gives them. */
export const instanceFilterQuery = z.strictObject({ ...instanceFilterFields }).superRefine(checkFilters);

/** GET /api/instances/export query: the list's filters and sort, and the format (csv or json). */
export const instanceExportQuery = z.strictObject({ ...instanceFilterFields, format: z.enum(['csv', 'json']) }).superRefine(checkFilters);

/**
 * GET /api/instances/{id}/history query: oldest first from sequence `from` (order=asc, the default), or newest first
 * before sequence `before` (order=desc; default the end of the history); `limit` events at most.
 */
export const historyQuery = z
  .object({
    order: z.enum(['asc', 'desc']).default('asc'),
    from: wholeNumberParam(0, Number.MAX_SAFE_INTEGER).optional(),
    before: wholeNumberParam(0, Number.MAX_SAFE_INTEGER).optional(),
    limit: intParam(1, MAX_HISTORY_PAGE, 200),
  })
  .superRefine((q, ctx) => {
    if (q.order === 'asc' && q.before !== undefined) ctx.addIssue({ code: 'custom', path: ['before'], message: 'needs order=desc (newest first); with order=asc page with from' });
    if (q.order === 'desc' && q.from !== undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: 'is for order=asc; with order=desc page with before' });
  })
  .transform((q): HistoryPageQuery => (q.order === 'desc' ? { order: 'desc', before: q.before, limit: q.limit } : { order: 'asc', from: q.from ?? 0, limit: q.limit }));

/** POST /api/workflows/{name}/start body. */
export const startBody = z.strictObject({
  input: z.unknown().optional(),
  instanceId: z.string().optional(),
  startAt: isoDate.optional(),
});

/** POST /api/instances/{id}/terminate body. */
export const terminateBody = z.strictObject({ output: z.unknown().optional(), reason: z.string().optional() });

/** POST /api/instances/{id}/pause and /resume body. */
export const reasonBody = z.strictObject({ reason: z.string().optional() });

/** POST /api/instances/{id}/purge body. */
export const emptyBody = z.strictObject({});

/** POST /api/instances/{id}/raise-event body. */
export const raiseEventBody = z.strictObject({
  eventName: z.string().superRefine((name, ctx) => {
    const problem = nameProblem('event', name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  payload: z.unknown().optional(),
});

/** POST /api/instances/bulk body. */
export const bulkBody = z.strictObject({
  action: z.enum(['pause', 'resume', 'terminate', 'purge']),
  instanceIds: z
    .array(z.string().min(1))
    .min(1)
    .max(MAX_BULK_IDS)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an ID'),
  dryRun: z.boolean().optional(),
  reason: z.string().max(1000).optional(),
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

/**
 * The one rule for repeated query parameters, on every route: a parameter may be given once, except the `lists`
 * (which may repeat); throws 400 ERR_MALFORMED_REQUEST naming the first one given more than once.
 */
export function rejectRepeatedParams(url: URL, lists: readonly string[] = []): void {
  const seen = new Set<string>();
  for (const key of url.searchParams.keys()) {
    if (seen.has(key) && !lists.includes(key)) {
      throw new ApiError('ERR_MALFORMED_REQUEST', `query parameter '${key}' is given ${url.searchParams.getAll(key).length} times; give it once`);
    }
    seen.add(key);
  }
}

/**
 * The query string as an object (after rejectRepeatedParams): each `lists` key an array of its values, repeated or
 * comma-separated; any other key its one value.
 */
export function queryObject(url: URL, lists: readonly string[] = []): Record<string, string | string[]> {
  rejectRepeatedParams(url, lists);
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    out[key] = lists.includes(key) ? [...((out[key] as string[] | undefined) ?? []), ...value.split(',').filter(Boolean)] : value;
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
