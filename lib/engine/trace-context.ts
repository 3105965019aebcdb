// W3C Trace Context as the engine carries it: plain strings (no OpenTelemetry import). A start request's
// traceparent/tracestate are kept with the instance so its trace continues across steps, processes and restarts;
// lib/observability/tracing*.ts turns them into spans.

/** A W3C trace context: the `traceparent` header value and, optionally, `tracestate`. */
export interface TraceContext {
  traceParent: string;
  traceState?: string;
}

// version 00 (or a later one, read as 00 and stored as such), 32 hex trace ID, 16 hex parent ID, 2 hex flags (W3C Trace Context §3.2).
const TRACE_PARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
/** At most 32 list members of printable ASCII (W3C §3.3); longer or odder values are dropped, not an error. */
const TRACE_STATE = /^[\x20-\x7e]{0,512}$/;

/**
 * The trace context of a request's `traceparent` and `tracestate` values, or undefined when traceparent is absent
 * or invalid (W3C: an invalid traceparent is ignored, never an error). Version ff, all-zero IDs and extra fields on
 * version 00 are invalid; tracestate is kept only with a valid traceparent.
 */
export function parseTraceContext(traceParent: string | null | undefined, traceState?: string | null): TraceContext | undefined {
  if (!traceParent) return undefined;
  const value = traceParent.trim().toLowerCase();
  const match = TRACE_PARENT.exec(value);
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, extra] = match;
  if (version === 'ff' || (version === '00' && extra !== undefined) || traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  const context: TraceContext = { traceParent: `00-${traceId}-${spanId}-${flags}` };
  const state = traceState?.trim();
  if (state && TRACE_STATE.test(state)) context.traceState = state;
  return context;
}
