import { DiffView } from '@/components/diff/diff-view';

type Params = { left?: string | string[]; right?: string | string[]; leftExecution?: string | string[]; rightExecution?: string | string[] };

const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

/** Two instances' histories side by side (?left=&right=, optionally leftExecution=&rightExecution=), first divergence marked. */
export default async function DiffPage({ searchParams }: { searchParams: Promise<Params> }) {
  const p = await searchParams;
  return <DiffView left={one(p.left) ?? ''} right={one(p.right) ?? ''} leftExecution={one(p.leftExecution)} rightExecution={one(p.rightExecution)} />;
}
