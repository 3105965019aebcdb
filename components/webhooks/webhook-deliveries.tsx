'use client';

import { useQuery } from '@tanstack/react-query';
import type { WebhookDeliveryView } from '@/lib/webhooks/outbox';
import { errorMessage } from '@/lib/client/api-error';
import { fetchJson } from '@/lib/client/fetch-json';
import { formatTime } from '@/lib/client/format';

/** How often the list of deliveries is read again while shown (ms). */
const REFRESH_MS = 5_000;

/** The most recent webhook deliveries (admins): status, attempts, the last error and when it was sent. */
export function WebhookDeliveries() {
  const deliveries = useQuery({
    queryKey: ['webhook-deliveries'],
    queryFn: ({ signal }) => fetchJson<{ deliveries: WebhookDeliveryView[] }>('/api/webhooks/deliveries?limit=50', { signal }),
    refetchInterval: REFRESH_MS,
  });
  const rows = deliveries.data?.deliveries ?? [];
  return (
    <>
      <h3>Recent deliveries</h3>
      {deliveries.error ? <p className="banner banner-error">{errorMessage(deliveries.error)}</p> : null}
      <table className="table" aria-label="Webhook deliveries">
        <thead>
          <tr>
            <th>Queued</th>
            <th>Notice</th>
            <th>Request</th>
            <th>URL</th>
            <th>Status</th>
            <th>Attempts</th>
            <th>Last error</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id}>
              <td>{formatTime(d.createdAt)}</td>
              <td>{d.kind}</td>
              <td>
                <a href={`/approvals?request=${encodeURIComponent(d.requestId)}`}>{d.requestId}</a>
              </td>
              <td>
                <code>{d.webhookUrl}</code>
              </td>
              <td>{d.status === 'delivered' ? `delivered ${formatTime(d.deliveredAt)}` : d.status === 'pending' && d.attempts > 0 ? `retrying at ${formatTime(d.nextAttemptAt)}` : d.status}</td>
              <td>{d.attempts}</td>
              <td>{d.lastError ?? ''}</td>
            </tr>
          ))}
          {deliveries.data && rows.length === 0 ? (
            <tr>
              <td colSpan={7} className="muted">
                No notices sent yet.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </>
  );
}
