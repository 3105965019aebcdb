'use client';

import Link from 'next/link';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { sessionQuery, signOut } from '@/lib/client/session';

/** The right end of the top bar: who is signed in (and as what role) with Sign out, or the local-mode badge. */
export function AccountMenu() {
  const { data } = useQuery(sessionQuery());
  const client = useQueryClient();
  const router = useRouter();
  if (!data) return null;
  if (data.localMode) {
    return (
      <div className="account-menu">
        <span className="badge badge-warn" title="No account exists yet and the server listens on this machine only">
          Local mode
        </span>
        <Link href="/users">Users</Link>
      </div>
    );
  }
  if (!data.caller) return <div className="account-menu"><Link href="/sign-in">Sign in</Link></div>;
  const leave = async () => {
    await signOut();
    client.clear();
    router.push('/sign-in');
  };
  return (
    <div className="account-menu">
      <span className="account-name" data-testid="signed-in-as">
        {data.caller.name} <span className="muted">· {data.caller.role}</span>
      </span>
      {data.caller.role === 'admin' ? <Link href="/users">Users</Link> : null}
      <button type="button" className="button button-small" onClick={leave}>
        Sign out
      </button>
    </div>
  );
}

/** The banner of local mode: anyone on this machine acts as admin until the first account exists. */
export function LocalModeBanner() {
  const { data } = useQuery(sessionQuery());
  if (!data?.localMode) return null;
  return (
    <p className="banner banner-warn" role="status">
      Local mode: anyone on this machine is admin. <Link href="/users">Create the first account</Link> to require sign-in.
    </p>
  );
}
