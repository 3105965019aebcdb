/** An ISO time as the value of an <input type="datetime-local"> in the browser's zone, or in UTC ("" for none). */
export function isoToLocalInput(iso: string | undefined, zone: 'utc' | 'local' = 'local'): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  if (zone === 'utc') return d.toISOString().slice(0, 16);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of an <input type="datetime-local"> (in the browser's zone, or in UTC) as an ISO time (undefined when empty or invalid). */
export function localInputToIso(value: string, zone: 'utc' | 'local' = 'local'): string | undefined {
  if (!value) return undefined;
  const d = new Date(zone === 'utc' ? `${value}Z` : value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
