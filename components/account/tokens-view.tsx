'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ApiTokenView } from '@/lib/auth/api-tokens';
import { ROLES, type Role } from '@/lib/auth/roles';
import { errorMessage } from '@/lib/client/api-error';
import { fetchJson, postJson } from '@/lib/client/fetch-json';
import { formatTime } from '@/lib/client/format';
import { CopyButton } from '@/components/ui/copy-button';

const tokensKey = ['tokens'] as const;

/** API tokens (admins): make one (its value shown once), see when each was last used, revoke. */
export function TokensView() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: tokensKey, queryFn: ({ signal }) => fetchJson<{ tokens: ApiTokenView[] }>('/api/tokens', { signal }) });
  const revoke = useMutation({
    mutationFn: (id: string) => fetchJson(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: tokensKey }),
  });
  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p className="muted">For scripts, services and Dapr SDK apps: send one as <code>dapr-api-token</code> or <code>Authorization: Bearer</code>. It acts with its role.</p>
      <NewTokenForm onCreated={() => client.invalidateQueries({ queryKey: tokensKey })} />
      {tokens.error || revoke.error ? <p className="banner banner-error" role="alert">{errorMessage(tokens.error ?? revoke.error)}</p> : null}
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Token</th>
            <th>Role</th>
            <th>Made by</th>
            <th>Expires</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(tokens.data?.tokens ?? []).map((t) => (
            <tr key={t.id} className={t.revokedAt ? 'muted' : undefined}>
              <td>{t.name}</td>
              <td>
                <code>{t.prefix}…</code>
              </td>
              <td>{t.role}</td>
              <td>{t.createdBy}</td>
              <td>{t.expiresAt ? formatTime(t.expiresAt) : 'never'}</td>
              <td>{t.lastUsedAt ? formatTime(t.lastUsedAt) : 'never'}</td>
              <td>
                {t.revokedAt ? (
                  `revoked ${formatTime(t.revokedAt)}`
                ) : (
                  <button type="button" className="button button-small button-danger-outline" aria-label={`Revoke ${t.name}`} onClick={() => revoke.mutate(t.id)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
          {tokens.data && tokens.data.tokens.length === 0 ? (
            <tr>
              <td colSpan={7} className="muted">
                No API tokens yet.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </section>
  );
}

function NewTokenForm({ onCreated }: { onCreated: () => Promise<unknown> }) {
  const [form, setForm] = useState({ name: '', role: 'viewer' as Role, expiresInDays: '90' });
  const [made, setMade] = useState<{ name: string; token: string } | undefined>();
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const days = form.expiresInDays === '' ? null : Number(form.expiresInDays);
      const created = await postJson<{ token: string; name: string }>('/api/tokens', { name: form.name, role: form.role, expiresInDays: days });
      setMade({ name: created.name, token: created.token });
      setForm({ name: '', role: 'viewer', expiresInDays: '90' });
      await onCreated();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <form className="users-form" onSubmit={submit} aria-label="Make an API token">
        <label htmlFor={`${id}-name`}>
          Token name
          <input id={`${id}-name`} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
        </label>
        <label htmlFor={`${id}-role`}>
          Token role
          <select id={`${id}-role`} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-days`}>
          Expires in days (empty: never)
          <input id={`${id}-days`} type="number" min={1} max={3650} value={form.expiresInDays} onChange={(e) => setForm({ ...form, expiresInDays: e.target.value })} />
        </label>
        <span />
        <button type="submit" className="button button-primary">
          Make token
        </button>
      </form>
      {error ? (
        <p className="field-error" role="alert">
          {errorMessage(error)}
        </p>
      ) : null}
      {made ? (
        <p className="banner banner-ok" role="status">
          Token &lsquo;{made.name}&rsquo;: <code data-testid="new-token">{made.token}</code> <CopyButton text={made.token} label="Copy token" /> Copy it now: it is not shown
          again.
        </p>
      ) : null}
    </>
  );
}
