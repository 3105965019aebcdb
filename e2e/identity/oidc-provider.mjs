// A local OpenID provider for the sign-in tests (the oidc-provider package, its built-in login and consent pages):
// any login name signs in; its groups claim is the name's first part ("operator-olga" is in group "operator").
// Usage: node e2e/identity/oidc-provider.mjs <port> <app origin>[,<app origin>...]
import http from 'node:http';
import Provider from 'oidc-provider';

const [port, appOrigins] = [Number(process.argv[2]), process.argv[3].split(',')];
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'flowdeck',
      client_secret: 'flowdeck-test-secret',
      redirect_uris: appOrigins.map((origin) => `${origin}/api/auth/callback/oidc`),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
  scopes: ['openid', 'profile', 'email', 'groups'],
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, email: `${id}@idp.example`, email_verified: true, name: `IdP ${id}`, groups: [id.split('-')[0]] }),
  }),
  conformIdTokenClaims: false,
  pkce: { required: () => false },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['flowdeck-test-cookie-key'] },
});
provider.proxy = false;

http.createServer(provider.callback()).listen(port, '127.0.0.1', () => console.log(`OpenID provider at ${issuer}`));
