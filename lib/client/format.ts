/** A duration in ms as people read it: 850 ms, 12.3 s, 4 m 05 s, 2 h 10 m, 3 d 4 h. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${String(m % 60).padStart(2, '0')} m`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** A local date and time with seconds, e.g. "2026-11-21 14:03:09". */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A time with milliseconds (for history rows), e.g. "14:03:09.127". */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** How long ago `iso` was, relative to `nowMs`: "just now", "42 s ago", "5 m ago", "3 h ago", "2 d ago". */
export function formatAgo(iso: string, nowMs: number): string {
  const ms = nowMs - Date.parse(iso);
  if (!Number.isFinite(ms)) return '—';
  if (ms < 5000) return 'just now';
  return `${formatDuration(ms).split(' ').slice(0, 2).join(' ')} ago`;
}

/** Time left until `iso` from `nowMs` ("in 4 m 05 s"), or "overdue" once passed. */
export function formatCountdown(iso: string, nowMs: number): string {
  const ms = Date.parse(iso) - nowMs;
  if (!Number.isFinite(ms)) return '—';
  if (ms <= 0) return 'overdue';
  return `in ${formatDuration(Math.ceil(ms / 1000) * 1000)}`;
}

/** How long an instance has run: until completion, or until `nowMs` while it runs. */
export function instanceDurationMs(item: { createdAt: string; completedAt?: string; durationMs?: number }, nowMs: number): number {
  if (item.durationMs !== undefined) return item.durationMs;
  const end = item.completedAt ? Date.parse(item.completedAt) : nowMs;
  return end - Date.parse(item.createdAt);
}

/**
 * An absolute time with its zone, for a tooltip: "2026-11-21 14:03:09 UTC", or in the browser's zone with its
 * name and offset, "2026-11-21 15:03:09 Europe/Berlin (UTC+01:00)".
 */
export function formatTimeWithZone(iso: string, zone: 'utc' | 'local'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (zone === 'utc') return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return `${formatTime(iso)} ${name} (UTC${sign}${pad(offset / 60)}:${pad(offset % 60)})`;
}

/** A time as the table shows it in `zone`: "2026-11-21 14:03:09" (local) or "2026-11-21 14:03:09Z" (UTC). */
export function formatTimeIn(iso: string | undefined, zone: 'utc' | 'local'): string {
  if (!iso || zone === 'local') return formatTime(iso);
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
