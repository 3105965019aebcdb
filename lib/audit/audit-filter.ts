// The Audit page's filters as the URL carries them (person, action, instance, outcome, time range, page), parsed
// into what the log's query takes; shared by GET /api/audit, its export and the page.
import { z } from 'zod';

/** How many entries a page shows by default, and at most. */
export const AUDIT_PAGE_SIZE = 50;
export const MAX_AUDIT_PAGE_SIZE = 500;

/** What the audit log is filtered by; every field optional (none: everything). */
export interface AuditFilter {
  /** The actor's name, exactly. */
  actor?: string;
  /** An action (instance.pause), or a family with a trailing `.*` (instance.*). */
  action?: string;
  instanceId?: string;
  outcome?: 'ok' | 'refused' | 'failed';
  /** Entries at or after `from`, before `to`. */
  from?: Date;
  to?: Date;
}

/** One page of a filtered query: 1-based page number and its size. */
export interface AuditPage {
  page: number;
  pageSize: number;
}

const text = z.string().trim().max(1000).optional().transform((value) => value || undefined);
const time = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) {
      ctx.addIssue({ code: 'custom', message: `'${value}' is not a time (use ISO 8601, e.g. 2026-12-02T10:42:00Z)` });
      return z.NEVER;
    }
    return at;
  });

/** The query parameters of /api/audit and /api/audit/export. */
export const auditQuerySchema = z
  .object({
    actor: text,
    action: text.refine((value) => value === undefined || /^[a-z][a-z0-9-]*(\.([a-z][a-z0-9-]*|\*))*$/.test(value), 'must be an action like instance.pause or a family like instance.*'),
    instanceId: text,
    outcome: z.enum(['ok', 'refused', 'failed']).optional(),
    from: time,
    to: time,
    page: z.coerce.number().int('must be a whole number').min(1).default(1),
    pageSize: z.coerce.number().int('must be a whole number').min(1).max(MAX_AUDIT_PAGE_SIZE).default(AUDIT_PAGE_SIZE),
    format: z.enum(['csv', 'json']).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: '`from` must be before `to`', path: ['from'] });

/** The parsed query: the filter, the page and (for the export) the format. */
export type AuditQuery = z.output<typeof auditQuerySchema>;

/** The filter part of a parsed query. */
export function filterOf(query: AuditQuery): AuditFilter {
  const { actor, action, instanceId, outcome, from, to } = query;
  return Object.fromEntries(Object.entries({ actor, action, instanceId, outcome, from, to }).filter(([, value]) => value !== undefined)) as AuditFilter;
}
