import { Suspense } from 'react';
import { InstancesView } from '@/components/instances/instances-view';

/** Instances overview (the dashboard's home): live table with filters kept in the URL. */
export default function HomePage() {
  return (
    <Suspense fallback={<p className="empty">Loading instances…</p>}>
      <InstancesView />
    </Suspense>
  );
}
