import { describe, expect, test } from 'vitest';
import { clientAddress, SignInLimiter } from './sign-in-limiter';

describe('SignInLimiter', () => {
  test('blocks an address after its failures, with the seconds to wait; other addresses go on', async () => {
    const limiter = new SignInLimiter(3, 100);
    for (let i = 0; i < 3; i++) {
      expect(await limiter.blocked('10.0.0.1')).toBeUndefined();
      await limiter.failed('10.0.0.1');
    }
    const wait = await limiter.blocked('10.0.0.1');
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await limiter.blocked('10.0.0.2')).toBeUndefined();
  });

  test('the overall cap blocks everybody once too many addresses failed', async () => {
    const limiter = new SignInLimiter(10, 5);
    for (let i = 0; i < 5; i++) await limiter.failed(`forged-${i}`);
    expect(await limiter.blocked('someone-new')).toBeGreaterThanOrEqual(1);
  });

  test('the client address is X-Forwarded-For as Next.js sets it, else unknown', () => {
    expect(clientAddress(new Request('http://x/', { headers: { 'x-forwarded-for': '127.0.0.1' } }))).toBe('127.0.0.1');
    expect(clientAddress(new Request('http://x/'))).toBe('unknown');
  });
});
