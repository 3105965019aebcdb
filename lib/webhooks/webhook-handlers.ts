// /api/webhooks: the approval webhooks and their recent deliveries, for admins (the route files bind these with role admin).
import { z } from 'zod';
import { callerOf } from '../api/auth';
import type { ApiContext } from '../api/context';
import { ApiError } from '../api/errors';
import { jsonBody } from '../api/instance-handlers';
import { noStoreJson } from '../api/responses';
import { parseWith } from '../api/schemas';
import { auditedUrl } from './audited-url';
import { recentDeliveries } from './outbox';
import { addApprovalWebhook, listApprovalWebhooks, removeApprovalWebhook, webhookUrlProblem, type WebhookDb } from './webhook-registry';
import { webhookSettingsFromEnv } from './webhook-settings';

/** The role every /api/webhooks route needs. */
export const WEBHOOK_ROUTE_ROLE = 'admin';

const newWebhookBody = z
  .object({
    url: z.string().superRefine((url, ctx) => {
      const problem = webhookUrlProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    /** Absent, null or empty: every workflow. */
    workflowName: z.string().trim().max(200).nullable().optional(),
    description: z.string().trim().max(500).optional(),
  })
  .strict();

const deliveriesQuery = z.object({ limit: z.coerce.number().int('must be a whole number').min(1).max(500).default(50) }).strict();

/** A handler of an /api/webhooks route on a given database. */
type WebhookHandler<P> = (request: Request, params: P, ctx: ApiContext) => Promise<Response>;

/** The /api/webhooks handlers on the database `dbOf` gives (the process's, or a test's). */
export function webhookHandlers(dbOf: () => Promise<WebhookDb>): {
  list: WebhookHandler<unknown>;
  create: WebhookHandler<unknown>;
  remove: WebhookHandler<{ id: string }>;
  deliveries: WebhookHandler<unknown>;
} {
  return {
    /** GET /api/webhooks: the admins' webhooks (oldest first) and what the environment sets. */
    async list() {
      const settings = webhookSettingsFromEnv();
      const global = settings.globalUrl ? { url: auditedUrl(settings.globalUrl), valid: webhookUrlProblem(settings.globalUrl) === undefined } : null;
      return noStoreJson({ webhooks: await listApprovalWebhooks(await dbOf()), global, signed: settings.secret !== undefined, dispatching: settings.dispatch });
    },
    /** POST /api/webhooks {url, workflowName?, description?}: 201 with the webhook; 400 (nothing written) for a bad URL. */
    async create(request, _params, ctx) {
      const body = await jsonBody(request, ctx, newWebhookBody);
      const view = await addApprovalWebhook(await dbOf(), { url: body.url, workflowName: body.workflowName || undefined, description: body.description || undefined, createdBy: callerOf(request).name });
      return noStoreJson(view, 201);
    },
    /** DELETE /api/webhooks/{id}: removes it (deliveries already queued still go out); 404 for an unknown ID. */
    async remove(_request, params) {
      if (!(await removeApprovalWebhook(await dbOf(), params.id))) throw new ApiError('ERR_NOT_FOUND', `no webhook has the ID '${params.id}'`);
      return noStoreJson({ id: params.id, removed: true });
    },
    /** GET /api/webhooks/deliveries?limit=50: the most recent deliveries, newest first. */
    async deliveries(request) {
      const query = parseWith(deliveriesQuery, Object.fromEntries(new URL(request.url).searchParams), 'query');
      return noStoreJson({ deliveries: await recentDeliveries(await dbOf(), query.limit) });
    },
  };
}
