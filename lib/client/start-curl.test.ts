import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startCurl } from './start-curl';

describe('copy as curl', () => {
  it('quotes the URL and body for the shell, so the shell hands curl exactly the JSON', () => {
    const command = startCurl('http://127.0.0.1:3000', "Order's flow", { input: { note: "it's $HOME `x`" }, instanceId: 'po-1', startAt: '2026-12-02T10:00:00.000Z' });
    expect(command).not.toContain('t0k');
    // Run the command's words through a real shell, with curl replaced by printf: each word comes out as curl would get it.
    const words = execFileSync('sh', ['-c', `curl() { printf '%s\\n' "$@"; }; WORKFLOW_API_TOKEN=t0k; ${command}`], { encoding: 'utf8' }).split('\n');
    expect(words).toContain('authorization: Bearer t0k');
    expect(JSON.parse(words[words.indexOf('--data') + 1])).toEqual({ input: { note: "it's $HOME `x`" }, instanceId: 'po-1', startAt: '2026-12-02T10:00:00.000Z' });
    expect(words[words.indexOf('-X') + 2]).toBe("http://127.0.0.1:3000/api/workflows/Order's%20flow/start");
  });
});
