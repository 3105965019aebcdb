'use client';

import { useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { isApiError } from '@/lib/client/api-error';

/** When the API answers 401 (sign-in required and none held, or it expired), goes to /sign-in and back here after. */
export function SessionGate() {
  const client = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  useEffect(() => {
    const unauthorized = (e: unknown) => isApiError(e) && e.status === 401;
    const toSignIn = () => {
      if (pathname !== '/sign-in') router.push(`/sign-in?next=${encodeURIComponent(`${pathname}${window.location.search}`)}`);
    };
    const offQueries = client.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error' && unauthorized(event.action.error)) toSignIn();
    });
    const offMutations = client.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error' && unauthorized(event.action.error)) toSignIn();
    });
    return () => {
      offQueries();
      offMutations();
    };
  }, [client, router, pathname]);
  return null;
}
