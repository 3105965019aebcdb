import { Suspense } from 'react';
import { AuditView } from '@/components/audit/audit-view';

export const metadata = { title: 'Audit · Flowdeck' };

/** /audit: who did what, when, from where and with what outcome (operators and admins); filters and page in the URL. */
export default function AuditPage() {
  return (
    <section className="page-section">
      <h1>Audit trail</h1>
      <Suspense fallback={<p className="empty">Loading the audit trail…</p>}>
        <AuditView />
      </Suspense>
    </section>
  );
}
