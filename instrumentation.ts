// Next.js calls register() once per server process before the first request (not during `next build`).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { bootServer } = await import('./lib/server/boot');
  await bootServer();
}
