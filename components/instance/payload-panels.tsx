import type { InstanceDetail } from '@/lib/api/dto';
import { JsonViewer } from '@/components/ui/json-viewer';

/** Input, output, custom status and failure of an instance, each in a JSON viewer with Copy. */
export function PayloadPanels({ instance }: { instance: InstanceDetail }) {
  return (
    <div className="payload-grid">
      <JsonViewer title="Input" value={instance.input} />
      <JsonViewer title="Output" value={instance.output} />
      <JsonViewer title="Custom status" value={instance.customStatus} />
      {instance.failure && <JsonViewer title="Failure" value={instance.failure} tone="error" />}
    </div>
  );
}
