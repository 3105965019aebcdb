import { SystemView } from '@/components/system/system-view';

export const metadata = { title: 'System · Flowdeck' };

/** The System page: engine processes, throughput, backlog and database health. */
export default function SystemPage() {
  return <SystemView />;
}
