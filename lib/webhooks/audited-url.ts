// How a webhook URL appears in the audit log and the settings view, with its secret-bearing parts left out. Pure.

/** The URL as the audit log shows it: scheme, host and path without the query (chat webhooks carry secrets there and in the path's end). */
export function auditedUrl(raw: string): string {
  if (!URL.canParse(raw)) return 'an invalid URL';
  const url = new URL(raw);
  const segments = url.pathname.split('/').filter(Boolean);
  const path = segments.length > 1 ? `/${segments[0]}/…` : url.pathname;
  return `${url.origin}${path}`;
}
