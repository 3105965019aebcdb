// The approval webhooks admins add (ApprovalWebhook table): one URL for one workflow or for every workflow, plus the
// check every webhook URL passes (http or https, absolute, no spaces).
import { randomUUID } from 'node:crypto';
import type { DbClient } from '../db/client';

/** The tables webhooks use, on a client or inside one of its transactions. */
export type WebhookDb = Pick<DbClient, 'approvalWebhook' | 'webhookDelivery'>;

/** One webhook as the admin page lists it. */
export interface ApprovalWebhookView {
  id: string;
  /** Absent: told of every workflow's approvals. */
  workflowName?: string;
  url: string;
  description?: string;
  createdBy: string;
  createdAt: string;
}

/** The longest webhook URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2000;

/** Why `raw` cannot be a webhook URL, or undefined when it can (http/https, absolute, a host, no credentials). */
export function webhookUrlProblem(raw: string): string | undefined {
  if (raw.trim() === '') return 'must not be empty';
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  if (/\s/.test(raw)) return 'must not contain spaces';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `'${raw}' is not an absolute URL (like https://hooks.example.com/flowdeck)`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must be http or https, not ${url.protocol.replace(/:$/, '')}`;
  if (!url.hostname) return 'must name a host';
  if (url.username || url.password) return 'must not carry a user name or password (put a secret in the path or use FLOWDECK_WEBHOOK_SECRET)';
  return undefined;
}

type Row = { id: string; workflowName: string | null; url: string; description: string | null; createdBy: string; createdAt: Date };

function view(row: Row): ApprovalWebhookView {
  return {
    id: row.id,
    ...(row.workflowName !== null ? { workflowName: row.workflowName } : {}),
    url: row.url,
    ...(row.description ? { description: row.description } : {}),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Every webhook, oldest first. */
export async function listApprovalWebhooks(db: WebhookDb): Promise<ApprovalWebhookView[]> {
  return (await db.approvalWebhook.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(view);
}

/** Adds a webhook (its URL already checked by webhookUrlProblem). */
export async function addApprovalWebhook(db: WebhookDb, input: { url: string; workflowName?: string; description?: string; createdBy: string }): Promise<ApprovalWebhookView> {
  const row = await db.approvalWebhook.create({
    data: { id: randomUUID(), url: input.url, workflowName: input.workflowName ?? null, description: input.description ?? null, createdBy: input.createdBy, createdAt: new Date() },
  });
  return view(row);
}

/** Removes a webhook (deliveries already queued still go out); false when there is none with that ID. */
export async function removeApprovalWebhook(db: WebhookDb, id: string): Promise<boolean> {
  return (await db.approvalWebhook.deleteMany({ where: { id } })).count > 0;
}

/** The URLs of the webhooks told of `workflowName`'s approvals: those for every workflow and those for it. */
export async function webhookUrlsFor(db: WebhookDb, workflowName: string): Promise<string[]> {
  const rows = await db.approvalWebhook.findMany({ where: { OR: [{ workflowName: null }, { workflowName }] }, select: { url: true }, orderBy: { createdAt: 'asc' } });
  return rows.map((row) => row.url);
}
