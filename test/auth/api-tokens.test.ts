// API tokens on real SQLite and PostgreSQL: kept only hashed, found by value while live, expiry and revocation end
// them, each acts with its role.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { authenticateRequest, type AuthCheck } from '@/lib/api/auth';
import type { ApiError } from '@/lib/api/errors';
import { createApiTokens, type ApiTokens } from '@/lib/auth/api-tokens';
import { MemorySessionStore, sha256Hex } from '@/lib/auth/session-store';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

describe.each(availableDatabases())('API tokens on %s', (kind) => {
  let db: TestDatabase;
  let tokens: ApiTokens;
  beforeEach(async () => {
    db = await createTestDatabase(kind);
    tokens = createApiTokens(db.prisma);
  });
  afterEach(async () => {
    await db.dispose();
  });

  test('the value is shown once and kept only as its SHA-256; it is found while live and its use recorded', async () => {
    const { token, view } = await tokens.create({ name: 'deploy bot', role: 'operator', createdBy: 'Ada' });
    expect(token).toMatch(/^fdk_[A-Za-z0-9_-]{43}$/);
    expect(view).toMatchObject({ name: 'deploy bot', role: 'operator', createdBy: 'Ada', prefix: token.slice(0, 10) });
    const row = await db.prisma.apiToken.findFirstOrThrow();
    expect(row.tokenHash).toBe(sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(10));
    expect(JSON.stringify(await tokens.list())).not.toContain(token.slice(10));
    expect(await tokens.find(token)).toEqual({ id: view.id, name: 'deploy bot', role: 'operator' });
    expect(await tokens.find(`${token}x`)).toBeUndefined();
    await expect.poll(async () => (await db.prisma.apiToken.findFirstOrThrow()).lastUsedAt).not.toBeNull();
  });

  test('an expired or revoked token is not found; revoking twice or an unknown ID says so', async () => {
    const expired = await tokens.create({ name: 'old', role: 'admin', createdBy: 'Ada', expiresAt: new Date(Date.now() - 1) });
    expect(await tokens.find(expired.token)).toBeUndefined();
    const live = await tokens.create({ name: 'live', role: 'viewer', createdBy: 'Ada' });
    expect(await tokens.revoke(live.view.id)).toBe(true);
    expect(await tokens.find(live.token)).toBeUndefined();
    expect(await tokens.revoke(live.view.id)).toBe(true);
    expect(await tokens.revoke('no-such-id')).toBe(false);
    expect((await tokens.list()).find((t) => t.id === live.view.id)?.revokedAt).toBeDefined();
  });

  test('a token acts with its role: a viewer token reads, is refused a change (403), and a revoked one is 401', async () => {
    const { token, view } = await tokens.create({ name: 'dashboards', role: 'viewer', createdBy: 'Ada' });
    const check: AuthCheck = { expected: undefined, sessions: async () => new MemorySessionStore(), apiTokens: async () => tokens, bindHost: '0.0.0.0' };
    const req = (method: string) => new Request('http://x/v1.0/workflows/dapr/x', { method, headers: { 'dapr-api-token': token } });
    expect(await authenticateRequest(req('GET'), false, 'viewer', check)).toMatchObject({ kind: 'token', role: 'viewer', name: "API token 'dashboards'" });
    const refused = await authenticateRequest(req('POST'), false, 'operator', check).catch((e: ApiError) => e);
    expect((refused as ApiError).status).toBe(403);
    await tokens.revoke(view.id);
    const revoked = await authenticateRequest(req('GET'), false, 'viewer', check).catch((e: ApiError) => e);
    expect([(revoked as ApiError).status, (revoked as ApiError).message]).toEqual([401, expect.stringContaining('expired or revoked')]);
  });
});
