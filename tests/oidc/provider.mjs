// A real OpenID provider on loopback for the single sign-on tests (oidc-provider, a
// certified implementation). Anyone may log in with any password; the login names the
// account, which is its e-mail address. Accounts whose address starts with "unverified"
// have an unverified address; those starting with "slow" get codes that expire after one
// second. Prints "ready" once it listens.
//
//   PORT=… REDIRECT_URI=… CLIENT_ID=… CLIENT_SECRET=… node tests/oidc/provider.mjs
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;

function claimsOf(id) {
  const local = id.split('@')[0];
  const name = local.replace(/^(unverified|slow)[.-]?/, '').replace(/[._-]+/g, ' ');
  return {
    sub: id,
    email: id,
    email_verified: !local.startsWith('unverified'),
    name: name.replace(/\b\w/g, (c) => c.toUpperCase()),
  };
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => claimsOf(id),
  }),
  // Kring is this provider's own application: no consent screen.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  ttl: {
    AuthorizationCode: (ctx, code) => (String(code.accountId).startsWith('slow') ? 1 : 60),
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['kring-test-cookies'] },
});

provider.listen(port, '127.0.0.1', () => {
  console.log('ready');
});
