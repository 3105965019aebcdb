// Pure pieces of the API: route matching, error mapping, body reading, token and session checks, the Dapr state shape.
import { describe, expect, test } from 'vitest';
import { InstanceAlreadyExistsError, InstanceNotFoundError, InvalidInstanceIdError, InvalidInstanceStatusError, PayloadTooLargeError, UnknownWorkflowError } from '@/lib/engine';
import { authenticateRequest, tokensMatch, type AuthCheck } from '@/lib/api/auth';
import { MemorySessionStore, sha256Hex } from '@/lib/auth/session-store';
import { toDaprWorkflowState } from '@/lib/api/dapr-state';
import { matchDaprRoute } from '@/lib/api/dapr-router';
import { ApiError, mapError } from '@/lib/api/errors';
import { malformedPathResponse } from '@/lib/api/path-encoding';
import { readJsonBody } from '@/lib/api/request-body';
import type { InstanceRecord } from '@/lib/engine';

const thrown = (fn: () => unknown): ApiError => {
  try {
    fn();
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('did not throw');
};

describe('Dapr route matching', () => {
  test('matches every Dapr workflow call', () => {
    expect(matchDaprRoute('POST', ['workflows', 'dapr', 'OrderProcessingWorkflow', 'start'])).toEqual({ operation: 'start', workflowName: 'OrderProcessingWorkflow' });
    expect(matchDaprRoute('GET', ['workflows', 'dapr', 'abc'])).toEqual({ operation: 'get', instanceId: 'abc' });
    for (const op of ['terminate', 'pause', 'resume', 'purge']) {
      expect(matchDaprRoute('POST', ['workflows', 'dapr', 'abc', op])).toEqual({ operation: op, instanceId: 'abc' });
    }
    expect(matchDaprRoute('POST', ['workflows', 'dapr', 'abc', 'raiseEvent', 'go'])).toEqual({ operation: 'raiseEvent', instanceId: 'abc', eventName: 'go' });
  });

  test('unknown component is 404 ERR_WORKFLOW_COMPONENT_NOT_FOUND; unknown path 404; wrong method 405 with Allow', () => {
    const component = thrown(() => matchDaprRoute('GET', ['workflows', 'temporal', 'abc']));
    expect([component.status, component.errorCode]).toEqual([404, 'ERR_WORKFLOW_COMPONENT_NOT_FOUND']);
    const unknown = thrown(() => matchDaprRoute('POST', ['workflows', 'dapr', 'abc', 'explode']));
    expect([unknown.status, unknown.errorCode]).toEqual([404, 'ERR_NOT_FOUND']);
    expect(thrown(() => matchDaprRoute('GET', ['state', 'dapr'])).status).toBe(404);
    const method = thrown(() => matchDaprRoute('GET', ['workflows', 'dapr', 'W', 'start']));
    expect([method.status, method.errorCode, method.headers.Allow]).toEqual([405, 'ERR_METHOD_NOT_ALLOWED', 'POST']);
    expect(thrown(() => matchDaprRoute('DELETE', ['workflows', 'dapr', 'abc'])).headers.Allow).toBe('GET');
  });
});

describe('error mapping', () => {
  const silent = () => undefined;
  const map = (e: unknown, op?: Parameters<typeof mapError>[1]) => {
    const m = mapError(e, op, silent);
    return [m.status, m.body.errorCode];
  };

  test('named engine errors get Dapr codes and statuses', () => {
    expect(map(new InstanceNotFoundError('x'))).toEqual([404, 'ERR_INSTANCE_ID_NOT_FOUND']);
    expect(map(new InvalidInstanceIdError('x'.repeat(65), 'too_long'))).toEqual([400, 'ERR_INSTANCE_ID_TOO_LONG']);
    expect(map(new InvalidInstanceIdError('a b', 'invalid_characters'))).toEqual([400, 'ERR_INSTANCE_ID_INVALID']);
    expect(map(new InstanceAlreadyExistsError('x', 'RUNNING'), 'start')).toEqual([409, 'ERR_START_WORKFLOW']);
    expect(map(new UnknownWorkflowError('workflow', 'Nope'), 'start')).toEqual([400, 'ERR_START_WORKFLOW']);
    expect(map(new InvalidInstanceStatusError('x', 'pause', 'COMPLETED', ['RUNNING']), 'pause')).toEqual([409, 'ERR_PAUSE_WORKFLOW']);
    expect(map(new InvalidInstanceStatusError('x', 'purge', 'RUNNING', ['COMPLETED']), 'purge')).toEqual([409, 'ERR_PURGE_WORKFLOW']);
    expect(map(new PayloadTooLargeError('input', 10, 5))).toEqual([413, 'ERR_PAYLOAD_TOO_LARGE']);
  });

  test('a status conflict says the current status', () => {
    const m = mapError(new InvalidInstanceStatusError('x', 'resume', 'RUNNING', ['SUSPENDED']), 'resume', silent);
    expect(m.body.message).toContain('RUNNING');
  });

  test('unknown errors are a generic 500 that reveals nothing, and are logged', () => {
    const logged: unknown[] = [];
    const secret = new Error('SELECT * FROM "WorkflowInstance" failed at /srv/app/lib/x.ts:12');
    const m = mapError(secret, 'get', (_msg, e) => logged.push(e));
    expect(m).toEqual({ status: 500, body: { errorCode: 'ERR_INTERNAL', message: 'internal error' }, headers: {} });
    expect(logged).toEqual([secret]);
  });

  test('an unreachable database is 503 ERR_DATABASE_UNAVAILABLE', () => {
    const prismaLike = Object.assign(new Error("Can't reach database server at 127.0.0.1:1"), { code: 'P1001' });
    expect(map(prismaLike)).toEqual([503, 'ERR_DATABASE_UNAVAILABLE']);
    const refused = Object.assign(new Error('wrapped'), { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    expect(map(refused)).toEqual([503, 'ERR_DATABASE_UNAVAILABLE']);
  });
});

describe('reading JSON bodies', () => {
  const post = (body: BodyInit | null, headers: Record<string, string> = {}) => new Request('http://x/y', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

  test('parses JSON, treats an empty body as absent and reports where invalid JSON fails', async () => {
    expect(await readJsonBody(post('{"a":1}'), 100)).toEqual({ present: true, value: { a: 1 } });
    expect(await readJsonBody(post(''), 100)).toEqual({ present: false });
    expect(await readJsonBody(post('null'), 100)).toEqual({ present: true, value: null });
    const error = await readJsonBody(post('{"a" 1}'), 100).catch((e: ApiError) => e);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).errorCode).toBe('ERR_MALFORMED_REQUEST');
    expect((error as ApiError).message).toMatch(/not valid JSON: .*position 5/);
  });

  test('refuses bodies over the limit by Content-Length and by the bytes actually read', async () => {
    const declared = await readJsonBody(post('{}', { 'content-length': '5000' }), 100).catch((e: ApiError) => e);
    expect((declared as ApiError).status).toBe(413);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('"xxxxxxxxxxxxxxxxxxx"'));
        controller.close();
      },
    });
    const streamed = await readJsonBody(post(chunks), 100).catch((e: ApiError) => e);
    expect((streamed as ApiError).status).toBe(413);
    expect((streamed as ApiError).errorCode).toBe('ERR_PAYLOAD_TOO_LARGE');
  });
});

describe('paths whose percent-encoding does not decode', () => {
  test('400 ERR_MALFORMED_REQUEST, after the token check on API paths; paths that decode pass', async () => {
    process.env.WORKFLOW_API_TOKEN = 's3cret';
    try {
      const answer = async (path: string, headers: Record<string, string> = {}) => {
        const response = malformedPathResponse(new Request(`http://x${path}`, { headers }));
        return response && [response.status, (await response.json()).errorCode];
      };
      expect(await answer('/api/instances/%E0%A4%A')).toEqual([401, 'ERR_UNAUTHORIZED']);
      expect(await answer('/api/instances/%E0%A4%A', { cookie: 'flowdeck_session=abc' })).toEqual([400, 'ERR_MALFORMED_REQUEST']);
      expect(await answer('/v1.0/workflows/dapr/%zz', { cookie: 'flowdeck_session=abc' })).toEqual([401, 'ERR_UNAUTHORIZED']);
      expect(await answer('/v1.0/workflows/dapr/%zz')).toEqual([401, 'ERR_UNAUTHORIZED']);
      expect(await answer('/v1.0/workflows/dapr/%zz', { 'dapr-api-token': 's3cret' })).toEqual([400, 'ERR_MALFORMED_REQUEST']);
      expect(await answer('/instances/%C3%28')).toEqual([400, 'ERR_MALFORMED_REQUEST']);
      expect(await answer('/api/instances/parent%3A0001')).toBeUndefined();
    } finally {
      delete process.env.WORKFLOW_API_TOKEN;
    }
  });
});

describe('API token and dashboard sessions', () => {
  const req = (headers: Record<string, string>) => new Request('http://x/', { headers });
  const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (error: ApiError) => error);
  const sessions = new MemorySessionStore();
  const check = (expected: string | undefined): AuthCheck => ({ expected, sessions: async () => sessions });

  test('accepts the token in dapr-api-token or Authorization: Bearer; a session cookie only where allowed', async () => {
    await expect(authenticateRequest(req({ 'dapr-api-token': 's3cret' }), false, 'viewer', check('s3cret'))).resolves.toMatchObject({ role: 'admin' });
    await expect(authenticateRequest(req({ authorization: 'Bearer s3cret' }), false, 'viewer', check('s3cret'))).resolves.toMatchObject({ role: 'admin' });
    const id = await sessions.create(sha256Hex('s3cret'), new Date(Date.now() + 60_000));
    await expect(authenticateRequest(req({ cookie: `a=b; flowdeck_session=${id}` }), true, 'viewer', check('s3cret'))).resolves.toMatchObject({ role: 'admin' });
    expect((await rejection(authenticateRequest(req({ cookie: `flowdeck_session=${id}` }), false, 'viewer', check('s3cret'))))?.status).toBe(401);
  });

  test('the cookie holds a session ID, not the token; sessions end on sign-out, expiry or a changed token', async () => {
    expect((await rejection(authenticateRequest(req({ cookie: 'flowdeck_session=s3cret' }), true, 'viewer', check('s3cret'))))?.status).toBe(401);
    const id = await sessions.create(sha256Hex('s3cret'), new Date(Date.now() + 60_000));
    expect((await rejection(authenticateRequest(req({ cookie: `flowdeck_session=${id}` }), true, 'viewer', check('rotated'))))?.status).toBe(401);
    await sessions.revoke(id);
    expect((await rejection(authenticateRequest(req({ cookie: `flowdeck_session=${id}` }), true, 'viewer', check('s3cret'))))?.status).toBe(401);
    const expired = await sessions.create(sha256Hex('s3cret'), new Date(Date.now() - 1));
    expect((await rejection(authenticateRequest(req({ cookie: `flowdeck_session=${expired}` }), true, 'viewer', check('s3cret'))))?.status).toBe(401);
  });

  test('local mode only on a loopback address; elsewhere without accounts or token nobody is let in', async () => {
    const open = (bindHost: string | undefined): AuthCheck => ({ expected: undefined, sessions: async () => sessions, bindHost });
    expect((await authenticateRequest(req({}), true, 'admin', open('127.0.0.1'))).kind).toBe('local');
    expect((await authenticateRequest(req({}), true, 'admin', open('::1'))).kind).toBe('local');
    const refused = await rejection(authenticateRequest(req({}), true, 'viewer', open('0.0.0.0')));
    expect([refused?.status, refused?.message]).toEqual([401, expect.stringContaining('FLOWDECK_ADMIN_EMAIL')]);
  });

  test('a weaker role is 403 ERR_FORBIDDEN naming the role needed; a cross-site change is 403 whatever it carries', async () => {
    const people = { hasAccounts: async () => true, accountsChanged: () => undefined, personOf: async () => ({ userId: 'u1', name: 'Vera', email: 'v@x', role: 'viewer' as const, groups: [] }) };
    const viewer: AuthCheck = { expected: undefined, sessions: async () => sessions, people: async () => people };
    const cookie = { cookie: 'flowdeck.session_token=abc' };
    expect((await authenticateRequest(req(cookie), true, 'viewer', viewer)).name).toBe('Vera');
    const forbidden = await rejection(authenticateRequest(req(cookie), true, 'operator', viewer));
    expect([forbidden?.status, forbidden?.errorCode, forbidden?.message]).toEqual([403, 'ERR_FORBIDDEN', 'Vera has the viewer role; this needs operator or above']);
    const post = (headers: Record<string, string>) => new Request('http://127.0.0.1:3000/api/instances/x/pause', { method: 'POST', headers: { host: '127.0.0.1:3000', ...headers } });
    const local = check(undefined);
    expect((await rejection(authenticateRequest(post({ origin: 'https://evil.example' }), true, 'operator', local)))?.status).toBe(403);
    expect((await rejection(authenticateRequest(post({ 'sec-fetch-site': 'cross-site' }), true, 'operator', local)))?.status).toBe(403);
    expect((await authenticateRequest(post({ origin: 'http://127.0.0.1:3000' }), true, 'operator', local)).kind).toBe('local');
    expect((await authenticateRequest(post({}), true, 'operator', local)).kind).toBe('local');
  });

  test('missing or wrong token is 401 ERR_UNAUTHORIZED; no configured token lets everything through', async () => {
    expect((await rejection(authenticateRequest(req({}), true, 'viewer', check('s3cret'))))?.errorCode).toBe('ERR_UNAUTHORIZED');
    expect((await rejection(authenticateRequest(req({ 'dapr-api-token': 's3cre' }), true, 'viewer', check('s3cret'))))?.status).toBe(401);
    expect((await authenticateRequest(req({}), true, 'viewer', check(undefined))).kind).toBe('local');
    expect(tokensMatch('a', 'a')).toBe(true);
    expect(tokensMatch('a', 'ab')).toBe(false);
  });
});

describe('Dapr state shape', () => {
  const base: InstanceRecord = {
    instanceId: '12345678',
    name: 'OrderProcessingWorkflow',
    executionId: 'e',
    status: 'COMPLETED',
    input: '{"Name":"Paperclips"}',
    output: '{"Processed":true}',
    createdAt: new Date('2023-05-03T23:30:11.381Z'),
    lastUpdatedAt: new Date('2023-05-03T23:30:52.923Z'),
    historyLength: 3,
    version: 1,
  };

  test('completed: input, empty custom status and output', () => {
    expect(toDaprWorkflowState(base)).toEqual({
      instanceID: '12345678',
      workflowName: 'OrderProcessingWorkflow',
      createdAt: '2023-05-03T23:30:11.381Z',
      lastUpdatedAt: '2023-05-03T23:30:52.923Z',
      runtimeStatus: 'COMPLETED',
      properties: { 'dapr.workflow.custom_status': '', 'dapr.workflow.input': '{"Name":"Paperclips"}', 'dapr.workflow.output': '{"Processed":true}' },
    });
  });

  test('failed: failure properties and no output', () => {
    const failed = toDaprWorkflowState({ ...base, status: 'FAILED', output: undefined, failure: { errorType: 'TypeError', message: 'bad', stackTrace: 'at x' } });
    expect(failed.properties).toEqual({
      'dapr.workflow.custom_status': '',
      'dapr.workflow.input': '{"Name":"Paperclips"}',
      'dapr.workflow.failure.error_type': 'TypeError',
      'dapr.workflow.failure.error_message': 'bad',
      'dapr.workflow.failure.stack_trace': 'at x',
    });
  });
});
