import { InstanceView } from '@/components/instance/instance-view';

/** One instance: header, controls, timeline graph, history and payloads; `?execution=` shows a closed execution. */
export default async function InstancePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ execution?: string | string[] }> }) {
  const { id } = await params;
  const { execution } = await searchParams;
  // Next.js hands page params over still percent-encoded (an SDK child's `parent:0001` arrives as `parent%3A0001`).
  return <InstanceView instanceId={safeDecode(id)} executionId={typeof execution === 'string' ? execution : undefined} />;
}

function safeDecode(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id; // malformed escapes: shown as typed, and the lookup says it does not exist
  }
}
