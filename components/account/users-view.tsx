'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { AccountView } from '@/lib/auth/accounts';
import { ROLES, type Role } from '@/lib/auth/roles';
import { errorMessage } from '@/lib/client/api-error';
import { fetchJson, postJson } from '@/lib/client/fetch-json';
import { usePermissions } from '@/lib/client/session';
import { DemoUsersPanel } from './demo-users-panel';
import { TokensView } from './tokens-view';

const usersKey = ['users'] as const;

/** The Users page: every account with its role, a form to add one, and per-row role change and removal (admins). */
export function UsersView() {
  const { session, whyNot } = usePermissions();
  const client = useQueryClient();
  const denied = whyNot('admin');
  const users = useQuery({ queryKey: usersKey, queryFn: ({ signal }) => fetchJson<{ users: AccountView[] }>('/api/users', { signal }), enabled: !denied });
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: usersKey });
    await client.invalidateQueries({ queryKey: ['session'] });
  };
  const setRole = useMutation({ mutationFn: ({ id, role }: { id: string; role: Role }) => fetchJson(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify({ role }) }), onSettled: refresh });
  const remove = useMutation({ mutationFn: (id: string) => fetchJson(`/api/users/${encodeURIComponent(id)}`, { method: 'DELETE' }), onSettled: refresh });
  if (denied) return <p className="banner banner-warn">{denied}. Admins manage accounts and API tokens.</p>;
  return (
    <>
      {session?.localMode ? (
        <p className="banner banner-info">The first account you create here ends local mode: from then on everybody signs in. Make it an admin.</p>
      ) : null}
      <DemoUsersPanel />
      <NewAccountForm onCreated={refresh} firstAccount={session?.localMode === true} />
      {users.error ? <p className="banner banner-error">{errorMessage(users.error)}</p> : null}
      {setRole.error || remove.error ? <p className="banner banner-error" role="alert">{errorMessage(setRole.error ?? remove.error)}</p> : null}
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Signs in with</th>
            <th>Groups</th>
            <th>Role</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(users.data?.users ?? []).map((user) => (
            <tr key={user.id}>
              <td>{user.name}</td>
              <td>{user.email}</td>
              <td>{user.signIn.join(', ')}</td>
              <td>{user.groups.join(', ') || <span className="muted">none</span>}</td>
              <td>
                <select aria-label={`Role of ${user.email}`} value={user.role} onChange={(e) => setRole.mutate({ id: user.id, role: e.target.value as Role })}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button type="button" className="button button-small button-danger-outline" aria-label={`Remove ${user.email}`} onClick={() => remove.mutate(user.id)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
          {users.data && users.data.users.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                No accounts yet.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <TokensView />
    </>
  );
}

function NewAccountForm({ onCreated, firstAccount }: { onCreated: () => Promise<void>; firstAccount: boolean }) {
  const [form, setForm] = useState({ name: '', email: '', password: '', groups: '', role: 'viewer' as Role });
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const groups = form.groups.split(',').map((g) => g.trim()).filter(Boolean);
      await postJson('/api/users', { name: form.name, email: form.email, password: form.password, role: form.role, ...(groups.length ? { groups } : {}) });
      setForm({ name: '', email: '', password: '', groups: '', role: 'viewer' });
      await onCreated();
    } catch (err) {
      setError(err);
    }
  };
  const field = (key: 'name' | 'email' | 'password', label: string, type: string) => (
    <label htmlFor={`${id}-${key}`}>
      {label}
      <input id={`${id}-${key}`} type={type} value={form[key]} autoComplete={key === 'password' ? 'new-password' : 'off'} onChange={(e) => setForm({ ...form, [key]: e.target.value })} required />
    </label>
  );
  return (
    <form className="users-form" onSubmit={submit} aria-label="Add an account">
      {field('name', 'Name', 'text')}
      {field('email', 'Email', 'email')}
      {field('password', 'Password (8+ characters)', 'password')}
      <label htmlFor={`${id}-groups`}>
        Groups (comma-separated, for approvals)
        <input id={`${id}-groups`} type="text" value={form.groups} placeholder="approvers" onChange={(e) => setForm({ ...form, groups: e.target.value })} />
      </label>
      <label htmlFor={`${id}-role`}>
        Role
        <select
          id={`${id}-role`}
          value={firstAccount ? 'admin' : form.role}
          disabled={firstAccount}
          title={firstAccount ? 'The first account is always an admin' : undefined}
          onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button-primary">
        Add account
      </button>
      {error ? (
        <p className="field-error" role="alert">
          {errorMessage(error)}
        </p>
      ) : null}
    </form>
  );
}
