// The CPU time a process of the bench has used, from /proc (Linux).
import { readFileSync } from 'node:fs';

/** User + system CPU time a process has used, in ms (Linux /proc; clock ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
