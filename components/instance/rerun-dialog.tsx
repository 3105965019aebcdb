'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { parseJsonText, toJsonText } from '@/lib/client/json-text';
import { queryKeys } from '@/lib/client/queries';
import { ErrorBanner } from '@/components/ui/error-banner';
import { JsonEditor } from '@/components/ui/json-editor';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { RoleNote } from '@/components/ui/role-note';
import { usePermissions } from '@/lib/client/session';
import { rerunInstance, type RerunRequestBody } from './recovery-api';

/** The task a rerun starts from, as the dialog names it. */
export interface RerunTarget {
  taskId: number;
  /** "activity", "child workflow" or "timer". */
  what: string;
  name?: string;
  /** The task's recorded input (parsed JSON); absent for timers. */
  input?: unknown;
  takesInput: boolean;
}

/** Props of RerunDialog. */
export interface RerunDialogProps {
  instanceId: string;
  target: RerunTarget;
  /** The workflow's recorded input (parsed JSON). */
  workflowInput?: unknown;
  onClose: () => void;
}

/**
 * "Rerun from here": a new instance with this instance's history up to the step that scheduled the task, which runs
 * again (optionally with a new input, or a new workflow input); this instance is not changed. Opens the new instance.
 */
export function RerunDialog({ instanceId, target, workflowInput, onClose }: RerunDialogProps) {
  const [newTaskInput, setNewTaskInput] = useState(false);
  const [taskInput, setTaskInput] = useState(toJsonText(target.input));
  const [newWorkflowInput, setNewWorkflowInput] = useState(false);
  const [workflowText, setWorkflowText] = useState(toJsonText(workflowInput));
  const [newId, setNewId] = useState('');
  const router = useRouter();
  const client = useQueryClient();
  const task = parseJsonText(taskInput);
  const workflow = parseJsonText(workflowText);
  const valid = (!newTaskInput || task.ok) && (!newWorkflowInput || workflow.ok);
  const denied = usePermissions().whyNot('operator');
  const rerun = useMutation({
    mutationFn: () => {
      const body: RerunRequestBody = { fromEventId: target.taskId };
      if (newTaskInput && task.ok) body.input = task.value ?? null;
      if (newWorkflowInput && workflow.ok) body.workflowInput = workflow.value ?? null;
      if (newId.trim()) body.newInstanceId = newId.trim();
      return rerunInstance(instanceId, body);
    },
    onSuccess: ({ instanceId: id }) => {
      void client.invalidateQueries({ queryKey: queryKeys.instances });
      router.push(`/instances/${encodeURIComponent(id)}`);
    },
  });
  const label = `${target.what}${target.name ? ` ${target.name}` : ''} (task ${target.taskId})`;
  return (
    <ModalDialog
      open
      title={`Rerun from ${label}`}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button-primary" disabled={!valid || rerun.isPending || !!denied} title={denied} onClick={() => rerun.mutate()}>
            {rerun.isPending ? 'Starting…' : 'Rerun'}
          </button>
        </>
      }
    >
      <p className="muted">
        A new instance starts with this instance&apos;s history up to the step that scheduled this {target.what}, which then runs again, with every
        task still open at that point. <span className="mono">{instanceId}</span> is not changed.
      </p>
      {target.takesInput && (
        <>
          <label className="field-check">
            <input type="checkbox" checked={newTaskInput} onChange={(e) => setNewTaskInput(e.target.checked)} /> New input for this {target.what}
          </label>
          {newTaskInput && <JsonEditor label="Task input (JSON)" value={taskInput} onChange={setTaskInput} rows={6} />}
        </>
      )}
      <label className="field-check">
        <input type="checkbox" checked={newWorkflowInput} onChange={(e) => setNewWorkflowInput(e.target.checked)} /> New input for the workflow
      </label>
      {newWorkflowInput && <JsonEditor label="Workflow input (JSON)" value={workflowText} onChange={setWorkflowText} rows={6} />}
      <label className="field">
        <span>New instance ID (optional)</span>
        <input type="text" value={newId} placeholder={`${instanceId}-rerun-<n> when empty`} onChange={(e) => setNewId(e.target.value)} spellCheck={false} data-autofocus />
      </label>
      <RoleNote reason={denied} />
      <ErrorBanner error={rerun.error} prefix="Could not rerun" />
    </ModalDialog>
  );
}
