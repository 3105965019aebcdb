// FLOWDECK_ADMIN_EMAIL and FLOWDECK_ADMIN_PASSWORD: the first admin of a scripted deploy, created at start when
// no account has that email (an existing one is left as it is: its password is not reset).
import type { DbClient } from '../db/client';
import type { FlowdeckAuth } from './better-auth';
import type { People } from './people';

/** Creates the admin the environment names, unless an account with that email exists; says what it did. */
export async function ensureFirstAdmin(auth: FlowdeckAuth, prisma: DbClient, people: People, env: NodeJS.ProcessEnv = process.env): Promise<'created' | 'exists' | 'not configured'> {
  const email = env.FLOWDECK_ADMIN_EMAIL?.trim().toLowerCase();
  const password = env.FLOWDECK_ADMIN_PASSWORD;
  if (!email && !password) return 'not configured';
  if (!email || !password) throw new Error('FLOWDECK_ADMIN_EMAIL and FLOWDECK_ADMIN_PASSWORD go together: set both to create the first admin');
  if (password.length < 8) throw new Error('FLOWDECK_ADMIN_PASSWORD must be at least 8 characters long');
  if (await prisma.authUser.findUnique({ where: { email } })) return 'exists';
  await auth.api.createUser({ body: { email, password, name: env.FLOWDECK_ADMIN_NAME?.trim() || email.split('@')[0], role: 'admin' } });
  people.accountsChanged();
  return 'created';
}
