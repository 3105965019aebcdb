'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { InstanceDetail } from '@/lib/api/dto';
import { applyInstanceAction, type InstanceAction } from '@/lib/client/mutations';
import { raiseSuggestions } from '@/lib/client/event-waits';
import { queryKeys, workflowsQuery } from '@/lib/client/queries';
import { usePermissions } from '@/lib/client/session';
import { allowsOperation, isLiveStatus, type RuntimeStatus } from '@/lib/engine/runtime-status';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorBanner } from '@/components/ui/error-banner';
import { RaiseEventDialog } from '@/components/raise-event-dialog';
import { RoleNote } from '@/components/ui/role-note';
import { ReasonField } from '@/components/audit/reason-field';

/** Which controls an instance's status allows (as the engine enforces them). */
export function allowedControls(status: RuntimeStatus) {
  return {
    pause: allowsOperation('pause', status),
    resume: allowsOperation('resume', status),
    terminate: allowsOperation('terminate', status),
    raise: allowsOperation('raiseEvent', status),
    purge: allowsOperation('purge', status),
  };
}

/** The events an instance waits for right now ('' for one it did not name): what an approver may raise. */
export function awaitedNow(instance: InstanceDetail): string[] {
  return [...instance.waitingOn.events.map((e) => e.name), ...(instance.waitingOn.unnamedEvent ? [''] : [])];
}

/** Pause, Resume, Terminate, Raise event and Purge for one instance, each enabled only where its status and the signed-in role allow. */
export function InstanceControls({ instance, onRaiseRequest }: { instance: InstanceDetail; onRaiseRequest: (name?: string) => void }) {
  const client = useQueryClient();
  const router = useRouter();
  const [confirm, setConfirm] = useState<'terminate' | 'purge' | null>(null);
  const [reason, setReason] = useState('');
  const id = instance.instanceId;
  const allowed = allowedControls(instance.runtimeStatus);
  const { whyNot, whyNotRaise } = usePermissions();
  const operatorOnly = whyNot('operator');
  const raiseDenied = whyNotRaise(awaitedNow(instance));
  const act = useMutation({
    mutationFn: (action: InstanceAction) => applyInstanceAction(id, action, reason),
    onSuccess: (_data, action) => {
      setConfirm(null);
      setReason('');
      if (action === 'purge') {
        client.removeQueries({ queryKey: queryKeys.instance(id) });
        router.push(`/?notice=${encodeURIComponent(`Instance ${id} was purged.`)}`);
        return;
      }
      void client.invalidateQueries({ queryKey: queryKeys.instance(id) });
    },
  });
  const busy = act.isPending;
  return (
    <div className="controls">
      <div className="control-buttons" role="toolbar" aria-label="Instance controls">
        <button type="button" className="button" disabled={!allowed.pause || busy || !!operatorOnly} title={operatorOnly} onClick={() => act.mutate('pause')}>
          Pause
        </button>
        <button type="button" className="button" disabled={!allowed.resume || busy || !!operatorOnly} title={operatorOnly} onClick={() => act.mutate('resume')}>
          Resume
        </button>
        <button type="button" className="button" disabled={!allowed.raise || busy || !!raiseDenied} title={raiseDenied} onClick={() => onRaiseRequest()}>
          Raise event
        </button>
        <button type="button" className="button button-danger-outline" disabled={!allowed.terminate || busy || !!operatorOnly} title={operatorOnly} onClick={() => setConfirm('terminate')}>
          Terminate
        </button>
        <button type="button" className="button button-danger-outline" disabled={!allowed.purge || busy || !!operatorOnly} title={operatorOnly} onClick={() => setConfirm('purge')}>
          Purge
        </button>
      </div>
      {!operatorOnly && (allowed.pause || allowed.resume || allowed.terminate) && <ReasonField value={reason} onChange={setReason} />}
      <RoleNote reason={operatorOnly && (raiseDenied ? operatorOnly : `${operatorOnly} (you may raise the event it waits for)`)} />
      {!confirm && <ErrorBanner error={act.error} prefix="The action failed" />}
      <ConfirmDialog
        open={confirm === 'terminate'}
        title="Terminate this instance?"
        confirmLabel="Terminate instance"
        danger
        busy={busy}
        onConfirm={() => act.mutate('terminate')}
        onClose={() => setConfirm(null)}
      >
        <p>
          <span className="mono">{id}</span> stops at once as TERMINATED
          {instance.children.some((c) => isLiveStatus(c.runtimeStatus))
            ? `, and its ${instance.children.filter((c) => isLiveStatus(c.runtimeStatus)).length} running child workflow(s) with it`
            : ''}
          . This cannot be undone.
        </p>
        {reason.trim() && <p>Reason: {reason.trim()}</p>}
        <ErrorBanner error={act.error} />
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'purge'}
        title="Purge this instance?"
        confirmLabel="Purge instance"
        danger
        busy={busy}
        onConfirm={() => act.mutate('purge')}
        onClose={() => setConfirm(null)}
      >
        <p>
          <span className="mono">{id}</span>, its history{instance.children.length ? ' and its child workflows' : ''} are deleted for good.
        </p>
        <ErrorBanner error={act.error} />
      </ConfirmDialog>
    </div>
  );
}

/** The Raise event dialog of an instance page, opened by the controls, a banner or the timeline graph; any event name can be typed. */
export function InstanceRaiseEvent({ instance, name, onClose }: { instance: InstanceDetail; name?: string; onClose: () => void }) {
  const client = useQueryClient();
  const workflows = useQuery(workflowsQuery());
  const workflow = workflows.data?.items.find((w) => w.name === instance.workflowName);
  return (
    <RaiseEventDialog
      instanceId={instance.instanceId}
      suggestions={raiseSuggestions(instance, workflow)}
      waitsFor={[...instance.waitingOn.events.map((e) => e.name), ...instance.expectedEvents.map((e) => e.name ?? '')]}
      awaited={awaitedNow(instance)}
      initialName={name}
      onClose={onClose}
      onRaised={() => void client.invalidateQueries({ queryKey: queryKeys.instance(instance.instanceId) })}
    />
  );
}
