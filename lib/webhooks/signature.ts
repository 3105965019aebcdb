// Webhook bodies signed like GitHub's: X-Flowdeck-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>.
import { createHmac } from 'node:crypto';

/** The header that carries a body's signature. */
export const SIGNATURE_HEADER = 'X-Flowdeck-Signature';

/** The signature header's value for `body` signed with `secret`: sha256=<hex>. */
export function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
