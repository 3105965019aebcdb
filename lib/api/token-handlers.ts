// /api/tokens: API tokens, for admins. A token's value is in the answer to its creation only.
import { z } from 'zod';
import { ROLES } from '../auth/roles';
import { callerOf } from './auth';
import type { ApiContext } from './context';
import { ApiError } from './errors';
import { jsonBody } from './instance-handlers';
import { noStoreJson } from './responses';

/** The longest a token may live. */
const MAX_DAYS = 3650;

const newTokenBody = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(100),
    role: z.enum(ROLES),
    /** Days until it expires; absent or null: never. */
    expiresInDays: z.number().int('must be a whole number of days').min(1).max(MAX_DAYS).nullable().optional(),
  })
  .strict();

function tokensOf(ctx: ApiContext) {
  if (!ctx.apiTokens) throw new ApiError('ERR_NOT_FOUND', 'this server keeps no API tokens');
  return ctx.apiTokens;
}

/** GET /api/tokens: every token (newest first), without its value. */
export async function listTokensHandler(_request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  return noStoreJson({ tokens: await tokensOf(ctx).list() });
}

/** POST /api/tokens {name, role, expiresInDays?}: 201 {token, ...view}; the only time the value is shown. */
export async function createTokenHandler(request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  const body = await jsonBody(request, ctx, newTokenBody);
  const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000) : undefined;
  const { token, view } = await tokensOf(ctx).create({ name: body.name, role: body.role, createdBy: callerOf(request).name, expiresAt });
  return noStoreJson({ token, ...view }, 201);
}

/** DELETE /api/tokens/{id}: revokes it (it stops working at once); 404 for an unknown ID. */
export async function revokeTokenHandler(_request: Request, params: { id: string }, ctx: ApiContext): Promise<Response> {
  if (!(await tokensOf(ctx).revoke(params.id))) throw new ApiError('ERR_NOT_FOUND', `no API token has the ID '${params.id}'`);
  return noStoreJson({ id: params.id, revoked: true });
}
