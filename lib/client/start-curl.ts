/** A shell word in single quotes (a ' inside closes, escapes and reopens the quotes). */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The curl command of POST /api/workflows/{name}/start with `body`, against `origin`; the API token is left to the
 * shell (`$WORKFLOW_API_TOKEN`), never written into the command.
 */
export function startCurl(origin: string, name: string, body: { input?: unknown; instanceId?: string; startAt?: string }): string {
  const json = JSON.stringify(Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)));
  return [
    `curl -X POST ${shellQuote(`${origin}/api/workflows/${encodeURIComponent(name)}/start`)}`,
    `-H 'content-type: application/json'`,
    `-H "authorization: Bearer $WORKFLOW_API_TOKEN"`,
    `--data ${shellQuote(json)}`,
  ].join(' \\\n  ');
}
