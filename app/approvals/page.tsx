import { Suspense } from 'react';
import { ApprovalsView } from '@/components/approvals/approvals-view';

/** The approvals inbox (its tab, filters and page live in the URL). */
export default function ApprovalsPage() {
  return (
    <Suspense fallback={<p className="empty">Loading approvals…</p>}>
      <ApprovalsView />
    </Suspense>
  );
}
