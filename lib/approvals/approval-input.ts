// The approvals API's bodies and query, as zod schemas with documented limits (docs/API.md "Approval requests").
import { z } from 'zod';
import { nameProblem } from '../engine/limits';
import { intParam } from '../api/schemas';

/** Longest title, details and comment (characters). */
export const MAX_TITLE_CHARS = 200;
export const MAX_DETAILS_CHARS = 4000;
export const MAX_COMMENT_CHARS = 2000;
/** Most users plus groups a request may be assigned to, and the longest name of one. */
export const MAX_ASSIGNEES = 50;
export const MAX_ASSIGNEE_CHARS = 254;
/** Most requests one bulk decision may name. */
export const MAX_BULK_DECISIONS = 200;
/** Most requests one inbox page returns. */
export const MAX_APPROVAL_PAGE = 200;
/** Latest due time accepted, from now: ten years. */
const MAX_DUE_MS = 10 * 365 * 86_400_000;

const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const assigneeName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_ASSIGNEE_CHARS, `must be at most ${MAX_ASSIGNEE_CHARS} characters`)
  .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control or bidirectional characters');
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const payloadFields = z.record(z.string(), z.unknown());
const decision = z.enum(['approve', 'reject']);

/** POST /api/approvals: ask for a decision on an event an instance waits for (or will wait for). */
export const approvalRequestBody = z
  .strictObject({
    instanceId: z.string().min(1, 'must not be empty'),
    eventName: z.string().superRefine((name, ctx) => {
      const problem = nameProblem('event', name);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    title: text(MAX_TITLE_CHARS).trim().min(1, 'must not be empty').optional(),
    details: text(MAX_DETAILS_CHARS).optional(),
    assignees: z.strictObject({ users: z.array(assigneeName).optional(), groups: z.array(assigneeName).optional() }).optional(),
    /** ISO-8601 due time, or dueInSeconds from now (give one). */
    due: z.iso.datetime({ offset: true }).optional(),
    dueInSeconds: z.number().int('must be a whole number of seconds').min(1).max(MAX_DUE_MS / 1000).optional(),
    escalation: z
      .strictObject({ reassignTo: z.array(assigneeName).min(1).max(MAX_ASSIGNEES).optional(), decision: decision.optional() })
      .refine((e) => e.reassignTo || e.decision, 'must give reassignTo, decision or both')
      .optional(),
    approvePayload: payloadFields.optional(),
    rejectPayload: payloadFields.optional(),
  })
  .superRefine((body, ctx) => {
    const count = (body.assignees?.users?.length ?? 0) + (body.assignees?.groups?.length ?? 0);
    if (count > MAX_ASSIGNEES) ctx.addIssue({ code: 'custom', path: ['assignees'], message: `must name at most ${MAX_ASSIGNEES} users and groups (${count} given)` });
    if (body.due !== undefined && body.dueInSeconds !== undefined) ctx.addIssue({ code: 'custom', path: ['due'], message: 'give due or dueInSeconds, not both' });
    if (body.escalation && body.due === undefined && body.dueInSeconds === undefined) {
      ctx.addIssue({ code: 'custom', path: ['escalation'], message: 'needs a due time (due or dueInSeconds): escalation happens after it' });
    }
    if (body.due !== undefined && Math.abs(Date.parse(body.due) - Date.now()) > MAX_DUE_MS) {
      ctx.addIssue({ code: 'custom', path: ['due'], message: 'must be within ten years of now' });
    }
  });

/** The parsed body of POST /api/approvals. */
export type ApprovalRequestBody = z.output<typeof approvalRequestBody>;

/** The due time a body asks for, if any. */
export function dueOf(body: Pick<ApprovalRequestBody, 'due' | 'dueInSeconds'>, now: Date): Date | undefined {
  if (body.due !== undefined) return new Date(body.due);
  if (body.dueInSeconds !== undefined) return new Date(now.getTime() + body.dueInSeconds * 1000);
  return undefined;
}

/** POST /api/approvals/{id}/decision. */
export const decisionBody = z.strictObject({ decision, comment: text(MAX_COMMENT_CHARS).optional() });

/** POST /api/approvals/decisions: one decision and comment for several requests. */
export const bulkDecisionBody = z.strictObject({
  ids: z
    .array(z.string().min(1))
    .min(1, 'must name at least one request')
    .max(MAX_BULK_DECISIONS, `must name at most ${MAX_BULK_DECISIONS} requests`)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an ID'),
  decision,
  comment: text(MAX_COMMENT_CHARS).optional(),
});

/** GET /api/approvals: which requests, in which view, which page. */
export const approvalListQuery = z.strictObject({
  /** mine: assigned to the caller (or to nobody); all: every request. */
  view: z.enum(['mine', 'all']).optional().transform((v) => v ?? 'all'),
  status: z.enum(['pending', 'decided', 'closed', 'any']).optional().transform((s) => s ?? 'pending'),
  workflow: z.string().min(1).optional(),
  assignee: z.string().min(1).optional(),
  due: z.enum(['overdue', 'soon', 'none']).optional(),
  limit: intParam(1, MAX_APPROVAL_PAGE, 50),
  offset: intParam(0, 1_000_000, 0),
});
