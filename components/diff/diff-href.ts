// Where the history diff page of two instances is.

/** The URL of the diff page comparing `left` with `right` (optionally particular executions). */
export function diffHref(left: string, right: string, executions: { left?: string; right?: string } = {}): string {
  const params = new URLSearchParams({ left, right });
  if (executions.left) params.set('leftExecution', executions.left);
  if (executions.right) params.set('rightExecution', executions.right);
  return `/diff?${params}`;
}
