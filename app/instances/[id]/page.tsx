import { InstanceView } from '@/components/instance/instance-view';

/** One instance: header, controls, timeline graph, history and payloads. */
export default async function InstancePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <InstanceView instanceId={id} />;
}
