import { ApprovalsView } from '@/components/approvals/approvals-view';

/** The approvals inbox. */
export default function ApprovalsPage() {
  return <ApprovalsView />;
}
