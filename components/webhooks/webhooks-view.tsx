'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ApprovalWebhookView } from '@/lib/webhooks/webhook-registry';
import { errorMessage } from '@/lib/client/api-error';
import { fetchJson, postJson } from '@/lib/client/fetch-json';
import { formatTime } from '@/lib/client/format';
import { usePermissions } from '@/lib/client/session';
import { WebhookDeliveries } from './webhook-deliveries';

/** What GET /api/webhooks answers. */
interface WebhooksAnswer {
  webhooks: ApprovalWebhookView[];
  global: { url: string; valid: boolean } | null;
  signed: boolean;
  dispatching: boolean;
}

const webhooksKey = ['webhooks'] as const;

/** The Users page's Webhooks section (admins): where approval notices go, add or remove a webhook, recent deliveries. */
export function WebhooksView() {
  const { whyNot } = usePermissions();
  const denied = whyNot('admin');
  const client = useQueryClient();
  const webhooks = useQuery({ queryKey: webhooksKey, queryFn: ({ signal }) => fetchJson<WebhooksAnswer>('/api/webhooks', { signal }), enabled: !denied });
  const remove = useMutation({
    mutationFn: (id: string) => fetchJson(`/api/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: webhooksKey }),
  });
  if (denied) return null;
  const data = webhooks.data;
  return (
    <section aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks</h2>
      <p className="muted">
        Approval requests are announced (created, escalated, decided) by a JSON POST with a Slack-compatible <code>text</code>, retried with back-off.
        {data ? <> Global webhook (FLOWDECK_APPROVAL_WEBHOOK_URL): {data.global ? <code>{data.global.url}</code> : 'not set'}{data.global && !data.global.valid ? ' (not a valid http/https URL: not used)' : ''}. </> : null}
        {data ? (data.signed ? ' Bodies are signed (X-Flowdeck-Signature).' : ' Bodies are not signed (set FLOWDECK_WEBHOOK_SECRET).') : null}
        {data && !data.dispatching ? ' This server does not send (FLOWDECK_WEBHOOKS=off).' : null}
      </p>
      <NewWebhookForm onAdded={() => client.invalidateQueries({ queryKey: webhooksKey })} />
      {webhooks.error || remove.error ? <p className="banner banner-error" role="alert">{errorMessage(webhooks.error ?? remove.error)}</p> : null}
      <table className="table" aria-label="Webhooks">
        <thead>
          <tr>
            <th>URL</th>
            <th>Workflow</th>
            <th>Description</th>
            <th>Added by</th>
            <th>Added</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(data?.webhooks ?? []).map((w) => (
            <tr key={w.id}>
              <td>
                <code>{w.url}</code>
              </td>
              <td>{w.workflowName ?? 'every workflow'}</td>
              <td>{w.description ?? ''}</td>
              <td>{w.createdBy}</td>
              <td>{formatTime(w.createdAt)}</td>
              <td>
                <button type="button" className="button button-small button-danger-outline" aria-label={`Remove webhook ${w.url}`} onClick={() => remove.mutate(w.id)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
          {data && data.webhooks.length === 0 ? (
            <tr>
              <td colSpan={6} className="muted">
                No webhooks added here.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <WebhookDeliveries />
    </section>
  );
}

const EMPTY = { url: '', workflowName: '', description: '' };

function NewWebhookForm({ onAdded }: { onAdded: () => Promise<unknown> }) {
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await postJson('/api/webhooks', { url: form.url, workflowName: form.workflowName.trim() || null, ...(form.description.trim() ? { description: form.description } : {}) });
      setForm(EMPTY);
      await onAdded();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <form className="users-form" onSubmit={submit} aria-label="Add a webhook">
        <label htmlFor={`${id}-url`}>
          Webhook URL
          <input id={`${id}-url`} value={form.url} placeholder="https://hooks.slack.com/services/…" onChange={(e) => setForm({ ...form, url: e.target.value })} required />
        </label>
        <label htmlFor={`${id}-workflow`}>
          Workflow (empty: every workflow)
          <input id={`${id}-workflow`} value={form.workflowName} onChange={(e) => setForm({ ...form, workflowName: e.target.value })} />
        </label>
        <label htmlFor={`${id}-description`}>
          Description
          <input id={`${id}-description`} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        </label>
        <span />
        <button type="submit" className="button button-primary">
          Add webhook
        </button>
      </form>
      {error ? (
        <p className="field-error" role="alert">
          {errorMessage(error)}
        </p>
      ) : null}
    </>
  );
}
