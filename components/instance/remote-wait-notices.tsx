'use client';

import type { InstanceDetail } from '@/lib/api/dto';
import { formatCountdown } from '@/lib/client/format';
import { useNow } from '@/lib/client/use-now';

/** Props of RemoteWaitNotices. */
export interface RemoteWaitNoticesProps {
  instance: InstanceDetail;
  /** Opens the Raise event dialog, pre-filled with `name` ('' for an event nobody named). */
  onRaise?: (name: string) => void;
}

/**
 * Banners for an instance a remote SDK worker runs: that it waits for a worker to connect, and that it waits
 * (or may wait) for an external event its worker did not report, with a button to raise one.
 */
export function RemoteWaitNotices({ instance, onRaise }: RemoteWaitNoticesProps) {
  return (
    <>
      {instance.waitingForWorker && (
        <div className="banner banner-warn remote-notice" role="status">
          <span>
            <strong>Waiting for a worker.</strong> No Dapr SDK worker is connected; start the app that registers <code>{instance.workflowName}</code>.
            The instance goes on where it stopped once the app connects.
          </span>
        </div>
      )}
      {instance.expectedEvents.length > 0 && <EventWaitNotice instance={instance} onRaise={onRaise} />}
    </>
  );
}

function EventWaitNotice({ instance, onRaise }: RemoteWaitNoticesProps) {
  const now = useNow();
  const waits = instance.expectedEvents;
  const names = waits.flatMap((w) => (w.name === undefined ? [] : [w.name]));
  const deadline = waits.find((w) => w.deadline)?.deadline;
  const raise = onRaise && (
    <button type="button" className="button" onClick={() => onRaise(names[0] ?? '')}>
      {names.length ? `Raise ${names[0]}` : 'Raise an event'}
    </button>
  );
  let text: React.ReactNode;
  if (!names.length) {
    text = (
      <>
        <strong>Waiting for an external event.</strong> It waits on nothing it scheduled, so its app waits for an event it did not name (Dapr SDKs do
        not report waits without a timeout). Raise the event by its name.
      </>
    );
  } else if (deadline) {
    text = (
      <>
        <strong>May be waiting for an external event:</strong> <EventNames names={names} /> (declared by its app), until its timer fires{' '}
        {formatCountdown(deadline, now)}. The SDK reports only the timer.
      </>
    );
  } else {
    text = (
      <>
        <strong>Waiting for an external event:</strong> <EventNames names={names} /> (declared by its app; the SDK does not report which one it
        waits for).
      </>
    );
  }
  return (
    <div className="banner banner-info remote-notice" role="status">
      <span>{text}</span>
      {raise}
    </div>
  );
}

function EventNames({ names }: { names: string[] }) {
  return (
    <>
      {names.map((name, i) => (
        <span key={name}>
          {i > 0 && (i === names.length - 1 ? ' or ' : ', ')}
          <code>{name}</code>
        </span>
      ))}
    </>
  );
}
