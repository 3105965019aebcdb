'use client';

import { useQuery } from '@tanstack/react-query';
import { useRefreshInterval } from '@/lib/client/live-refresh';
import { inventoryQuery } from '@/lib/client/queries';
import type { DemoPattern } from '@/lib/workflows/built-in';
import { DemoUsersPanel } from '@/components/account/demo-users-panel';
import { DeclaredWorkflows } from './declared-workflows';
import { DemoCard } from './demo-card';
import { FillInboxButton, RestockButton, type InboxSample } from './demo-actions';

const ORDER_WORKFLOW = 'OrderProcessingWorkflow';

/** The demos page: inbox and inventory actions, one card per seed pattern, then the workflows apps declared. */
export function DemosView({ demos, inboxSamples }: { demos: readonly DemoPattern[]; inboxSamples: readonly InboxSample[] }) {
  return (
    <section>
      <div className="page-head">
        <h1>Demos</h1>
      </div>
      <p className="muted lead">
        Each card starts one of the seed patterns as a real, durable workflow and opens its instance page, where the timeline
        graph shows the pattern as it runs.
      </p>
      <div className="demo-toolbar panel">
        <FillInboxButton samples={inboxSamples} />
        <RestockButton />
        <InventoryLevels />
      </div>
      <DemoUsersPanel />
      <div className="demo-grid">
        {demos.map((demo) => (
          <DemoCard key={demo.title} demo={demo} />
        ))}
      </div>
      <DeclaredWorkflows />
    </section>
  );
}

function InventoryLevels() {
  const liveMs = useRefreshInterval(5000);
  const inventory = useQuery({ ...inventoryQuery(), refetchInterval: liveMs });
  if (!inventory.data) return null;
  return (
    <span className="muted inventory-levels" aria-label={`Inventory of ${ORDER_WORKFLOW}`}>
      Inventory: {inventory.data.items.map((i) => `${i.name} ${i.quantity}`).join(' · ')}
    </span>
  );
}
