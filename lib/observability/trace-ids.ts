// The IDs of an instance's trace, derived from what is stored with it, so that every process and every restart
// computes the same ones without writing anything back: the trace ID is the start request's (when it sent a
// traceparent) or a hash of the instance ID and creation time; the instance span's ID is such a hash too.
import { createHash } from 'node:crypto';
import type { TraceContext } from '../engine/trace-context';

/** A span context as W3C fields: trace ID (32 hex), span ID (16 hex), sampled flag and tracestate. */
export interface W3CSpanContext {
  traceId: string;
  spanId: string;
  sampled: boolean;
  traceState?: string;
}

/**
 * The fields of a traceparent the engine stored (it validated it: lib/engine/trace-context.ts), read at their fixed
 * offsets (version-traceid-spanid-flags, 2-32-16-2 hex digits): this runs once per traced step and activity.
 */
export function fromTraceContext(context: TraceContext): W3CSpanContext {
  const parent = context.traceParent;
  return { traceId: parent.slice(3, 35), spanId: parent.slice(36, 52), sampled: (parseInt(parent.slice(53, 55), 16) & 1) === 1, traceState: context.traceState };
}

/** A span context as the engine stores it (traceparent version 00, and tracestate). */
export function toTraceContext(span: W3CSpanContext): TraceContext {
  const traceParent = `00-${span.traceId}-${span.spanId}-${span.sampled ? '01' : '00'}`;
  return span.traceState ? { traceParent, traceState: span.traceState } : { traceParent };
}

/** The instance span of an instance: its IDs, and the caller's span it continues (absent: the instance's trace is its own). */
export interface InstanceTrace {
  instance: W3CSpanContext;
  caller?: W3CSpanContext;
}

/**
 * The instance span's context for instance `instanceId` created at `createdAt` with stored trace context `stored`;
 * `rootSampled` decides sampling of a trace that no caller began.
 */
export function instanceTrace(instanceId: string, createdAt: Date, stored: TraceContext | undefined, rootSampled: (traceId: string) => boolean): InstanceTrace {
  const digest = createHash('sha256').update(`${instanceId}\n${createdAt.toISOString()}`).digest('hex');
  const spanId = nonZero(digest.slice(32, 48));
  if (stored) {
    const caller = fromTraceContext(stored);
    return { caller, instance: { traceId: caller.traceId, spanId, sampled: caller.sampled, traceState: caller.traceState } };
  }
  const traceId = nonZero(digest.slice(0, 32));
  return { instance: { traceId, spanId, sampled: rootSampled(traceId) } };
}

/** How many instances' derived traces a cache keeps (an engine runs far fewer instances at once). */
const CACHED_INSTANCES = 4096;

/**
 * instanceTrace with the last few thousand instances' results kept: every step of an instance derives the same IDs,
 * and the hash is the largest part of a step span's cost. Keyed on all three inputs, so a result is never stale.
 */
export function cachedInstanceTrace(rootSampled: (traceId: string) => boolean): (instanceId: string, createdAt: Date, stored: TraceContext | undefined) => InstanceTrace {
  const cache = new Map<string, InstanceTrace>();
  return (instanceId, createdAt, stored) => {
    const key = `${instanceId}\n${createdAt.getTime()}\n${stored?.traceParent ?? ''}\n${stored?.traceState ?? ''}`;
    let found = cache.get(key);
    if (!found) {
      found = instanceTrace(instanceId, createdAt, stored, rootSampled);
      if (cache.size >= CACHED_INSTANCES) cache.delete(cache.keys().next().value as string);
      cache.set(key, found);
    }
    return found;
  };
}

/** All-zero IDs are invalid in W3C; a hash that yields one (practically never) gets its last digit set. */
function nonZero(hex: string): string {
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}
