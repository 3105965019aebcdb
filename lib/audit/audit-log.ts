// The audit trail's one way in: recordAudit appends an entry (who did what, from where, with what outcome) to the
// log this process keeps (set by keepAuditLogIn at start); it never fails the action it records.
import { createEngineLog, type EngineLog } from '../engine/logs';

/**
 * Who acted: a signed-in person, an API token (tokenId set) or the machine token, anyone on the machine (local mode),
 * Flowdeck itself, or nobody proven (a refused call without valid credentials).
 */
export type AuditActorKind = 'person' | 'token' | 'local' | 'machine' | 'system' | 'anonymous';

/** The actor as callers know it (a Caller of lib/api/auth.ts fits: its `kind` 'token' without tokenId is the machine token). */
export interface AuditActor {
  kind: AuditActorKind;
  name: string;
  userId?: string;
  tokenId?: string;
}

/** How an action ended: done, refused (401/403/400/409...: nothing changed), or failed (a fault). */
export type AuditOutcome = 'ok' | 'refused' | 'failed';

/** One entry to record. */
export interface AuditInput {
  /** What was done: instance.pause, token.create, auth.sign-in, approval.decide... */
  action: string;
  actor: AuditActor;
  /** The client's address (X-Forwarded-For, set by scripts/serve.mjs from the socket). */
  address?: string;
  instanceId?: string;
  /** What else the action names: the event, the token ID, the user ID... */
  target?: string;
  /** The payload sent; only its SHA-256 is kept unless FLOWDECK_AUDIT_PAYLOADS=1. */
  payload?: unknown;
  reason?: string;
  outcome: AuditOutcome;
  /** The HTTP status answered. */
  status?: number;
  /** The error code (ERR_...) of a refusal or failure. */
  code?: string;
  /** Anything else worth keeping, as JSON. */
  details?: Record<string, unknown>;
}

/** Where entries go: the database's AuditEntry table (lib/audit/prisma-audit-log.ts), append-only. */
export interface AuditSink {
  append(input: AuditInput): Promise<void>;
}

const SINK = Symbol.for('flowdeck.auditSink');
type SinkHolder = { [SINK]?: AuditSink };

/** Sets where this process records its audit entries (the engine host does, once its database is open). */
export function keepAuditLogIn(sink: AuditSink | undefined): void {
  (globalThis as SinkHolder)[SINK] = sink;
}

/**
 * Appends `entry` to the process's audit log. Never throws: a failed insert is logged (an engine-message error line) and the action goes
 * on; without a log (a process that keeps none) it does nothing.
 */
export async function recordAudit(entry: AuditInput): Promise<void> {
  const sink = (globalThis as SinkHolder)[SINK];
  if (!sink) return;
  try {
    await sink.append(entry);
  } catch (error) {
    log ??= createEngineLog();
    log.message('error', `recording '${entry.action}' by ${entry.actor.name}${entry.instanceId ? ` on '${entry.instanceId}'` : ''} in the audit log failed; the action went on`, error);
  }
}

let log: EngineLog | undefined;
