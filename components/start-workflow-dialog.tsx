'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { parseJsonText, toJsonText } from '@/lib/client/json-text';
import { startWorkflow } from '@/lib/client/mutations';
import { queryKeys, workflowsQuery } from '@/lib/client/queries';
import { ErrorBanner } from '@/components/ui/error-banner';
import { JsonEditor } from '@/components/ui/json-editor';
import { ModalDialog } from '@/components/ui/modal-dialog';

/** A "Start workflow" button with its dialog: pick a registered workflow, edit its input, optionally name the instance. */
export function StartWorkflowButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
        Start workflow
      </button>
      {open && <StartWorkflowDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function StartWorkflowDialog({ onClose }: { onClose: () => void }) {
  const workflows = useQuery(workflowsQuery());
  const items = workflows.data?.items ?? [];
  const [name, setName] = useState('');
  const [input, setInput] = useState('');
  const [instanceId, setInstanceId] = useState('');
  const router = useRouter();
  const client = useQueryClient();
  const chosen = name || items[0]?.name || '';
  const choose = (next: string) => {
    setName(next);
    setInput(toJsonText(items.find((w) => w.name === next)?.exampleInput));
  };
  if (!name && items.length) choose(items[0].name);
  const parsed = parseJsonText(input);
  const start = useMutation({
    mutationFn: () => startWorkflow(chosen, { input: parsed.ok ? parsed.value : undefined, instanceId: instanceId.trim() || undefined }),
    onSuccess: ({ instanceId: id }) => {
      void client.invalidateQueries({ queryKey: queryKeys.instances });
      router.push(`/instances/${encodeURIComponent(id)}`);
    },
  });
  const description = items.find((w) => w.name === chosen)?.description;
  return (
    <ModalDialog
      open
      title="Start workflow"
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!chosen || !parsed.ok || start.isPending}
            onClick={() => start.mutate()}
          >
            {start.isPending ? 'Starting…' : 'Start'}
          </button>
        </>
      }
    >
      <ErrorBanner error={workflows.error} prefix="Could not load the workflows" />
      <label className="field">
        <span>Workflow</span>
        <select value={chosen} onChange={(e) => choose(e.target.value)} data-autofocus>
          {items.map((w) => (
            <option key={w.name} value={w.name}>
              {w.name}
            </option>
          ))}
        </select>
      </label>
      {description && <p className="muted">{description}</p>}
      <JsonEditor label="Input (JSON)" value={input} onChange={setInput} rows={8} />
      <label className="field">
        <span>Instance ID (optional)</span>
        <input type="text" value={instanceId} placeholder="generated when empty" onChange={(e) => setInstanceId(e.target.value)} />
      </label>
      <ErrorBanner error={start.error} prefix="Could not start" />
    </ModalDialog>
  );
}
