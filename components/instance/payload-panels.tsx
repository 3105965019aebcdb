import type { InstanceDetail } from '@/lib/api/dto';
import { JsonViewer } from '@/components/ui/json-viewer';

/**
 * Input, output, custom status and failure of an instance, each in a JSON viewer with Copy; for a viewer of a
 * workflow whose payloads are hidden from viewers, a note saying so instead of the payloads.
 */
export function PayloadPanels({ instance }: { instance: InstanceDetail }) {
  if (instance.payloadsHidden) {
    return (
      <div className="payload-grid">
        <p className="role-note" data-testid="payloads-hidden">
          Payloads hidden: this workflow&apos;s input, output, event payloads, activity results and log lines are not shown to viewers.
        </p>
        {instance.failure && <JsonViewer title="Failure" value={instance.failure} tone="error" />}
      </div>
    );
  }
  return (
    <div className="payload-grid">
      <JsonViewer title="Input" value={instance.input} />
      <JsonViewer title="Output" value={instance.output} />
      <JsonViewer title="Custom status" value={instance.customStatus} />
      {instance.failure && <JsonViewer title="Failure" value={instance.failure} tone="error" />}
    </div>
  );
}
