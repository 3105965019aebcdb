'use client';

import { onlineManager, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { DemoUser } from '@/lib/auth/demo-users';
import { postJson } from '@/lib/client/fetch-json';
import { usePermissions } from '@/lib/client/session';
import { CopyButton } from '@/components/ui/copy-button';
import { ErrorBanner } from '@/components/ui/error-banner';

/**
 * "Create demo users", offered in local mode only: an admin, an operator, an approver (group approvers) and a viewer
 * with generated passwords, shown here once. It ends local mode, so this browser signs in as the demo admin at once.
 */
export function DemoUsersPanel() {
  const { session } = usePermissions();
  const client = useQueryClient();
  const [made, setMade] = useState<DemoUser[]>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  if (!made && !session?.localMode) return null;
  const create = async () => {
    setBusy(true);
    setError(undefined);
    // Local mode ends with the first account: the page's polls wait (as if offline) until this browser has signed in
    // as the demo admin, so none meets a 401 and leaves the page before the passwords are read.
    onlineManager.setOnline(false);
    await client.cancelQueries();
    try {
      const { users } = await postJson<{ users: DemoUser[] }>('/api/users/demo');
      const admin = users.find((u) => u.role === 'admin')!;
      await postJson('/api/auth/sign-in/email', { email: admin.email, password: admin.password });
      setMade(users);
    } catch (err) {
      setError(err);
    } finally {
      onlineManager.setOnline(true);
      setBusy(false);
      await client.invalidateQueries();
    }
  };
  if (made) return <DemoUsersMade users={made} />;
  return (
    <div className="panel demo-users" aria-labelledby="demo-users-title">
      <h2 id="demo-users-title">Demo users</h2>
      <p className="muted">
        Creates four accounts with generated passwords, shown once: Demo Admin, Demo Operator, Demo Approver (in group
        &quot;approvers&quot;, who decides approvals) and Demo Viewer. This ends local mode: from then on everybody signs in, and this
        browser is signed in as Demo Admin. To be the admin yourself, create your own account on the Users page instead.
      </p>
      <button type="button" className="button button-primary" disabled={busy} onClick={create}>
        {busy ? 'Creating…' : 'Create demo users'}
      </button>
      <ErrorBanner error={error} prefix="The demo users were not made" />
    </div>
  );
}

/** The demo accounts just made, with their passwords (never shown again). */
function DemoUsersMade({ users }: { users: DemoUser[] }) {
  return (
    <div className="panel demo-users" aria-labelledby="demo-users-title">
      <h2 id="demo-users-title">Demo users created</h2>
      <p className="banner banner-warn" role="status">
        Copy the passwords now: they are not shown again. You are signed in as Demo Admin; sign out and sign in as another to see what
        its role may do.
      </p>
      <table className="table" aria-label="Demo users">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Password</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.email}>
              <td>{user.name}</td>
              <td className="mono">{user.email}</td>
              <td>
                {user.role}
                {user.groups.length ? ` (group ${user.groups.join(', ')})` : ''}
              </td>
              <td>
                <span className="mono" data-testid={`password-${user.role}`}>
                  {user.password}
                </span>{' '}
                <CopyButton text={user.password} label={`Copy the password of ${user.name}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
