'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useQuery } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useId, useState } from 'react';
import { errorMessage } from '@/lib/client/api-error';
import { postJson } from '@/lib/client/fetch-json';
import { sessionQuery } from '@/lib/client/session';

/** Where to go after signing in: the `next` parameter when it is a path of this site, else the instance list. */
function nextPath(raw: string | null): string {
  return raw && raw.startsWith('/') && !raw.startsWith('//') ? raw : '/';
}

/** Password sign-in, the OpenID provider's button and the API token form, as the server offers them. */
export function SignInForm() {
  const { data: session } = useQuery(sessionQuery());
  const client = useQueryClient();
  const router = useRouter();
  const params = useSearchParams();
  const next = nextPath(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(params.get('error') ? new Error(`The sign-in did not complete (${params.get('error')})`) : null);
  const ids = { email: useId(), password: useId(), token: useId() };
  const done = async () => {
    await client.invalidateQueries();
    router.push(next);
  };
  const run = (action: () => Promise<unknown>) => async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await action();
      await done();
    } catch (err) {
      setError(err);
    }
  };
  const sso = async () => {
    setError(null);
    try {
      const { url } = await postJson<{ url: string }>('/api/auth/sign-in/social', { provider: 'oidc', callbackURL: next, errorCallbackURL: '/sign-in' });
      window.location.assign(url);
    } catch (err) {
      setError(err);
    }
  };
  if (session?.localMode) return <p className="banner banner-info">Local mode: no sign-in is needed on this machine until the first account exists.</p>;
  return (
    <div className="sign-in">
      {session?.caller ? <p className="banner banner-ok">Signed in as {session.caller.name} ({session.caller.role}).</p> : null}
      {session?.signIn.password !== false ? (
        <form className="sign-in-form" onSubmit={run(() => postJson('/api/auth/sign-in/email', { email, password }))} aria-label="Password sign-in">
          <label htmlFor={ids.email}>Email</label>
          <input id={ids.email} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
          <label htmlFor={ids.password}>Password</label>
          <input id={ids.password} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          <button type="submit" className="button button-primary">
            Sign in
          </button>
        </form>
      ) : null}
      {session?.signIn.oidc ? (
        <button type="button" className="button" onClick={sso}>
          Sign in with {session.signIn.oidc}
        </button>
      ) : null}
      {session?.signIn.token ? (
        <form className="sign-in-form" onSubmit={run(() => postJson('/api/session', { token }))} aria-label="Token sign-in">
          <label htmlFor={ids.token}>Or the server&apos;s API token</label>
          <input id={ids.token} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required />
          <button type="submit" className="button">
            Sign in with the token
          </button>
        </form>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {errorMessage(error)}
        </p>
      ) : null}
    </div>
  );
}
