'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { notWaitingWarning } from '@/lib/client/event-waits';
import { parseJsonText } from '@/lib/client/json-text';
import { raiseEvent } from '@/lib/client/mutations';
import { queryKeys } from '@/lib/client/queries';
import { usePermissions } from '@/lib/client/session';
import { ErrorBanner } from '@/components/ui/error-banner';
import { JsonEditor } from '@/components/ui/json-editor';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { RoleNote } from '@/components/ui/role-note';

/** Props of RaiseEventDialog. */
export interface RaiseEventDialogProps {
  instanceId: string;
  /** Event names to offer (those it waits for first); the first one pre-fills the name. Any name can be typed. */
  suggestions: string[];
  /** What the instance waits for now ('' for an event it did not name); by default the suggestions. */
  waitsFor?: string[];
  /** What it waits for right now, as the server checks an approver's raise ('' for an unnamed wait); by default `waitsFor`. */
  awaited?: readonly string[];
  initialName?: string;
  onClose: () => void;
  onRaised?: () => void;
}

/** Sends an external event to an instance; refuses a payload that is not valid JSON and says where it fails, and warns when the instance does not wait for the name. */
export function RaiseEventDialog({ instanceId, suggestions, waitsFor = suggestions, awaited = waitsFor, initialName, onClose, onRaised }: RaiseEventDialogProps) {
  const [name, setName] = useState(initialName ?? suggestions[0] ?? '');
  const [payload, setPayload] = useState('');
  const [attempted, setAttempted] = useState(false);
  const client = useQueryClient();
  const listId = useId();
  const parsed = parseJsonText(payload);
  const denied = usePermissions().whyNotRaise(awaited, name.trim());
  const notWaiting = notWaitingWarning(name, waitsFor);
  const send = useMutation({
    mutationFn: () => raiseEvent(instanceId, { eventName: name.trim(), payload: parsed.ok ? parsed.value : undefined }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.instances });
      void client.invalidateQueries({ queryKey: queryKeys.approvals });
      onRaised?.();
      onClose();
    },
  });
  const submit = () => {
    setAttempted(true);
    if (name.trim() && parsed.ok && !denied) send.mutate();
  };
  return (
    <ModalDialog
      open
      title="Raise event"
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button-primary" disabled={send.isPending || !parsed.ok || !!denied} title={denied} onClick={submit}>
            {send.isPending ? 'Sending…' : 'Send event'}
          </button>
        </>
      }
    >
      <p className="muted">
        To instance <span className="mono">{instanceId}</span>
        {waitingText(waitsFor)}
      </p>
      <label className="field">
        <span>Event name</span>
        <input
          type="text"
          list={listId}
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            // Enter sends the event (the payload editor keeps Enter for new lines).
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
          data-autofocus
          required
        />
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </label>
      {attempted && !name.trim() && <p className="field-error">Enter an event name.</p>}
      {notWaiting && (
        <p className="banner banner-warn" role="status" data-testid="not-waiting-warning">
          {notWaiting}. You can still raise it: the instance keeps it until it waits for that name.
        </p>
      )}
      {name.trim() && <RoleNote reason={denied} />}
      <JsonEditor label="Payload (JSON, optional)" value={payload} onChange={setPayload} rows={8} />
      <ErrorBanner error={send.error} prefix="The event was not sent" />
    </ModalDialog>
  );
}

function waitingText(waitsFor: string[]): string {
  const named = waitsFor.filter((n) => n !== '');
  if (named.length) return ` — it waits for: ${named.join(', ')}`;
  if (waitsFor.length) return ' — it waits for an external event it did not name: type the name its app waits for';
  return ' — it is not waiting for an event right now';
}
