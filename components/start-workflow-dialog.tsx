'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import type { CatalogWorkflowInfo } from '@/lib/api/workflows';
import { parseJsonText, toJsonText } from '@/lib/client/json-text';
import { startWorkflow } from '@/lib/client/mutations';
import { isoToLocalInput, localInputToIso } from '@/lib/client/local-time';
import { queryKeys, workflowsQuery } from '@/lib/client/queries';
import { startCurl } from '@/lib/client/start-curl';
import { useTimeZone } from '@/lib/client/time-zone';
import { useNow } from '@/lib/client/use-now';
import { usePermissions } from '@/lib/client/session';
import { CopyButton } from '@/components/ui/copy-button';
import { ErrorBanner } from '@/components/ui/error-banner';
import { JsonEditor } from '@/components/ui/json-editor';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { RoleNote } from '@/components/ui/role-note';

/**
 * A "Start workflow" button with its dialog: any workflow name (built-in and declared ones suggested), its input, an
 * optional instance ID and scheduled start (in the list's time zone), and the same request as a curl command.
 */
export function StartWorkflowButton() {
  const [open, setOpen] = useState(false);
  const denied = usePermissions().whyNot('operator');
  return (
    <>
      <button type="button" className="button button-primary" disabled={!!denied} title={denied} onClick={() => setOpen(true)}>
        Start workflow
      </button>
      <RoleNote reason={denied} />
      {open && <StartWorkflowDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function StartWorkflowDialog({ onClose }: { onClose: () => void }) {
  const workflows = useQuery(workflowsQuery());
  const items = workflows.data?.items ?? [];
  const [name, setName] = useState<string | undefined>(undefined);
  const [input, setInput] = useState('');
  const [instanceId, setInstanceId] = useState('');
  const [startAt, setStartAt] = useState<string | undefined>(undefined);
  const [zone] = useTimeZone();
  const now = useNow();
  const router = useRouter();
  const client = useQueryClient();
  const listId = useId();
  const find = (n: string) => items.find((w) => w.name === n);
  const choose = (next: string) => {
    const known = find(next.trim());
    setName(next);
    if (known) setInput(toJsonText(known.exampleInput));
  };
  // Until the person types, the first workflow is chosen (once the catalogue has loaded), with its example input.
  if (name === undefined && items.length) choose(items[0].name);
  const chosen = (name ?? '').trim();
  const parsed = parseJsonText(input);
  const request = { input: parsed.ok ? parsed.value : undefined, instanceId: instanceId.trim() || undefined, startAt };
  const start = useMutation({
    mutationFn: () => startWorkflow(chosen, request),
    onSuccess: ({ instanceId: id }) => {
      void client.invalidateQueries({ queryKey: queryKeys.instances });
      router.push(`/instances/${encodeURIComponent(id)}`);
    },
  });
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
          <button type="button" className="button button-primary" disabled={!chosen || !parsed.ok || start.isPending} onClick={() => start.mutate()}>
            {start.isPending ? 'Starting…' : 'Start'}
          </button>
        </>
      }
    >
      <ErrorBanner error={workflows.error} prefix="Could not load the workflows" />
      <label className="field">
        <span>Workflow</span>
        <input type="text" list={listId} value={name ?? ''} placeholder="a workflow name" onChange={(e) => choose(e.target.value)} spellCheck={false} data-autofocus required />
        <datalist id={listId}>
          {items.map((w) => (
            <option key={w.name} value={w.name}>
              {w.source === 'declared' ? 'declared by an app' : 'built in'}
            </option>
          ))}
        </datalist>
      </label>
      <WorkflowHint workflow={find(chosen)} name={chosen} />
      <JsonEditor label="Input (JSON)" value={input} onChange={setInput} rows={8} />
      <label className="field">
        <span>Instance ID (optional)</span>
        <input type="text" value={instanceId} placeholder="generated when empty" onChange={(e) => setInstanceId(e.target.value)} />
      </label>
      <label className="field">
        <span>Start at (optional{zone === 'utc' ? ', UTC' : ''})</span>
        <input type="datetime-local" value={isoToLocalInput(startAt, zone)} onChange={(e) => setStartAt(localInputToIso(e.target.value, zone))} />
      </label>
      {startAt && Date.parse(startAt) <= now && <p className="muted">That time has passed: the instance starts now.</p>}
      {startAt && Date.parse(startAt) > now && <p className="muted">The instance stays PENDING until then.</p>}
      {chosen && parsed.ok && (
        <div className="field">
          <span className="curl-head">
            <span>As curl</span>
            <CopyButton text={startCurl(window.location.origin, chosen, request)} label="Copy as curl" />
          </span>
          <pre className="curl">{startCurl(window.location.origin, chosen, request)}</pre>
        </div>
      )}
      <ErrorBanner error={start.error} prefix="Could not start" />
    </ModalDialog>
  );
}

/** What the dialog knows about the chosen name: its description, or that it is neither built in nor declared. */
function WorkflowHint({ workflow, name }: { workflow: CatalogWorkflowInfo | undefined; name: string }) {
  if (!name) return null;
  if (!workflow) {
    return <p className="muted">Not a built-in or declared workflow: it starts if a connected app runs a workflow of this name.</p>;
  }
  return workflow.description ? <p className="muted">{workflow.description}</p> : null;
}
