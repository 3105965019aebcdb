'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { errorMessage } from '@/lib/client/api-error';
import { restockInventory, startWorkflow } from '@/lib/client/mutations';
import { queryKeys } from '@/lib/client/queries';
import { usePermissions } from '@/lib/client/session';

/** A start that leaves an instance waiting for approval. */
export interface InboxSample {
  workflowName: string;
  input: unknown;
}

/** "Fill the approvals inbox": starts several orders that wait for a manager's approval. */
export function FillInboxButton({ samples }: { samples: readonly InboxSample[] }) {
  const client = useQueryClient();
  const denied = usePermissions().whyNot('operator');
  const fill = useMutation({
    mutationFn: async () => {
      const results = await Promise.allSettled(samples.map((s) => startWorkflow(s.workflowName, { input: s.input })));
      const failed = results.filter((r) => r.status === 'rejected');
      if (failed.length === results.length && failed[0]) throw failed[0].reason;
      return { started: results.length - failed.length, failed: failed.length };
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.approvals });
      void client.invalidateQueries({ queryKey: queryKeys.instances });
    },
  });
  return (
    <div className="demo-action">
      <button type="button" className="button button-primary" disabled={fill.isPending || !!denied} title={denied} onClick={() => fill.mutate()}>
        {fill.isPending ? 'Starting orders…' : 'Fill the approvals inbox'}
      </button>
      {fill.data && (
        <span role="status">
          Started {fill.data.started} order{fill.data.started === 1 ? '' : 's'} waiting for approval
          {fill.data.failed ? ` (${fill.data.failed} failed)` : ''}. <Link href="/approvals">Open the inbox</Link>
        </span>
      )}
      {fill.error && (
        <span className="field-error" role="alert">
          {errorMessage(fill.error)}
        </span>
      )}
    </div>
  );
}

/** "Restock inventory": adds stock to every item of the order demo's inventory and shows the new levels. */
export function RestockButton() {
  const client = useQueryClient();
  const denied = usePermissions().whyNot('operator');
  const restock = useMutation({
    mutationFn: () => restockInventory({}),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.inventory }),
  });
  return (
    <div className="demo-action">
      <button type="button" className="button" disabled={restock.isPending || !!denied} title={denied} onClick={() => restock.mutate()}>
        {restock.isPending ? 'Restocking…' : 'Restock inventory'}
      </button>
      {restock.data && (
        <span role="status">
          Stock now: {restock.data.items.map((i) => `${i.name} ${i.quantity}`).join(', ')}
        </span>
      )}
      {restock.error && (
        <span className="field-error" role="alert">
          {errorMessage(restock.error)}
        </span>
      )}
    </div>
  );
}
