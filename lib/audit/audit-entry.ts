// An audit entry as stored and as the Audit page and exports show it, and the pure step from what a caller
// records (AuditInput) to the row: the actor's kind and ID, the payload's SHA-256 (the payload itself by setting).
import { createHash, randomUUID } from 'node:crypto';
import type { AuditActorKind, AuditInput, AuditOutcome } from './audit-log';

/** One audit entry as the API answers it (ISO times, optional fields absent). */
export interface AuditEntryView {
  id: string;
  at: string;
  actorKind: AuditActorKind;
  actorName: string;
  actorId?: string;
  address?: string;
  action: string;
  instanceId?: string;
  target?: string;
  payloadHash?: string;
  payload?: string;
  reason?: string;
  outcome: AuditOutcome;
  status?: number;
  code?: string;
  details?: Record<string, unknown>;
}

/** The AuditEntry table's columns (nullable ones null). */
export interface AuditRow {
  id: string;
  at: Date;
  actorKind: string;
  actorName: string;
  actorId: string | null;
  address: string | null;
  action: string;
  instanceId: string | null;
  target: string | null;
  payloadHash: string | null;
  payload: string | null;
  reason: string | null;
  outcome: string;
  status: number | null;
  code: string | null;
  details: string | null;
}

/** The longest text kept in a free-text column (reason, target, address, name); longer is cut with an ellipsis. */
export const MAX_TEXT = 1000;

/** Whether payloads themselves are kept (FLOWDECK_AUDIT_PAYLOADS=1), not only their SHA-256. */
export function keepsPayloads(env: Record<string, string | undefined> = process.env): boolean {
  return env.FLOWDECK_AUDIT_PAYLOADS === '1';
}

/** The actor's stored kind: a token without a token ID is the machine token (WORKFLOW_API_TOKEN / DAPR_API_TOKEN). */
export function actorKindOf(actor: AuditInput['actor']): AuditActorKind {
  if (actor.kind === 'token') return actor.tokenId ? 'token' : 'machine';
  return actor.kind;
}

/** The payload's JSON text (a string that already is JSON text stays as it is); undefined for no payload. */
export function payloadText(payload: unknown): string | undefined {
  if (payload === undefined) return undefined;
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}

/** The row to insert for `input`, recorded at `at`. */
export function toAuditRow(input: AuditInput, at: Date = new Date(), env: Record<string, string | undefined> = process.env): AuditRow {
  const text = payloadText(input.payload);
  return {
    id: randomUUID(),
    at,
    actorKind: actorKindOf(input.actor),
    actorName: cut(input.actor.name) ?? 'unknown',
    actorId: input.actor.userId ?? input.actor.tokenId ?? null,
    address: cut(input.address) ?? null,
    action: input.action,
    instanceId: input.instanceId ?? null,
    target: cut(input.target) ?? null,
    payloadHash: text === undefined ? null : createHash('sha256').update(text).digest('hex'),
    payload: text !== undefined && keepsPayloads(env) ? text : null,
    reason: cut(input.reason) ?? null,
    outcome: input.outcome,
    status: input.status ?? null,
    code: input.code ?? null,
    details: input.details && Object.keys(input.details).length ? JSON.stringify(input.details) : null,
  };
}

/** A stored row as the API shows it. */
export function toAuditView(row: AuditRow): AuditEntryView {
  const view: AuditEntryView = { id: row.id, at: row.at.toISOString(), actorKind: row.actorKind as AuditActorKind, actorName: row.actorName, action: row.action, outcome: row.outcome as AuditOutcome };
  const optional = { actorId: row.actorId, address: row.address, instanceId: row.instanceId, target: row.target, payloadHash: row.payloadHash, payload: row.payload, reason: row.reason, code: row.code } as const;
  for (const [key, value] of Object.entries(optional)) if (value !== null) (view as unknown as Record<string, unknown>)[key] = value;
  if (row.status !== null) view.status = row.status;
  if (row.details !== null) view.details = JSON.parse(row.details) as Record<string, unknown>;
  return view;
}

function cut(text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
