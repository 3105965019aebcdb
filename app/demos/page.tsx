import { DemosView } from '@/components/demos/demos-view';
import { APPROVAL_INBOX_SAMPLES, DEMO_PATTERNS } from '@/lib/workflows/catalog';

/** The seed patterns, each startable and explained. */
export default function DemosPage() {
  return <DemosView demos={DEMO_PATTERNS.map((d) => ({ ...d }))} inboxSamples={APPROVAL_INBOX_SAMPLES.map((s) => ({ ...s }))} />;
}
