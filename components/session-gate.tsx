'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { errorMessage, isApiError } from '@/lib/client/api-error';
import { postJson } from '@/lib/client/fetch-json';

/** When the API answers 401 (an API token is configured), asks for the token once and keeps it in the session cookie. */
export function SessionGate() {
  const client = useQueryClient();
  const [needed, setNeeded] = useState(false);
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const inputId = useId();
  useEffect(() => {
    const unauthorized = (e: unknown) => isApiError(e) && e.status === 401;
    const offQueries = client.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error' && unauthorized(event.action.error)) setNeeded(true);
    });
    const offMutations = client.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error' && unauthorized(event.action.error)) setNeeded(true);
    });
    return () => {
      offQueries();
      offMutations();
    };
  }, [client]);
  if (!needed) return null;
  const signIn = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await postJson('/api/session', { token });
      setNeeded(false);
      setError(null);
      await client.invalidateQueries();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="banner banner-warn session-gate" onSubmit={signIn}>
      <label htmlFor={inputId}>This server requires an API token:</label>
      <input id={inputId} type="password" value={token} autoComplete="current-password" onChange={(e) => setToken(e.target.value)} />
      <button type="submit" className="button button-small button-primary" disabled={!token}>
        Sign in
      </button>
      {error ? <span className="field-error">{errorMessage(error)}</span> : null}
    </form>
  );
}
