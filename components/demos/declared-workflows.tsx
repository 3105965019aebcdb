'use client';

import { useQuery } from '@tanstack/react-query';
import type { CatalogWorkflowInfo } from '@/lib/api/workflows';
import { workflowsQuery } from '@/lib/client/queries';
import { DemoCard, type DemoCardContent } from './demo-card';

/** The workflows apps declared (PUT /api/workflows/{name}), one startable card each; nothing when none is declared. */
export function DeclaredWorkflows() {
  const workflows = useQuery(workflowsQuery());
  const declared = (workflows.data?.items ?? []).filter((w) => w.source === 'declared');
  if (declared.length === 0) return null;
  return (
    <section aria-labelledby="declared-workflows">
      <h2 id="declared-workflows">Your apps&apos; workflows</h2>
      <p className="muted lead">Declared by the apps that run them; a start runs in the app&apos;s own worker, connected over gRPC.</p>
      <div className="demo-grid">
        {declared.map((w) => (
          <DemoCard key={w.name} demo={toCardContent(w)} />
        ))}
      </div>
    </section>
  );
}

function toCardContent(workflow: CatalogWorkflowInfo): DemoCardContent {
  const events = workflow.events.map((e) => `\`${e.name}\``).join(', ');
  return {
    title: workflow.name,
    workflowName: workflow.name,
    summary: workflow.description ?? 'Declared by an app, without a description.',
    exampleInput: workflow.exampleInput,
    ...(events ? { watch: `It waits for ${events}: decide on the Approvals page.` } : {}),
  };
}
