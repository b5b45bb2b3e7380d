import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateRuleCommand, ModifyRuleCommand, type Action, type RuleCondition, type RuleTransform } from '@aws-sdk/client-elastic-load-balancing-v2';
import { freePort } from '../../../support/server.js';
import { forward, startLab, type Lab } from './lib/lab.js';
import { send, waitFor, webSocketEcho } from './lib/http.js';
import { startTarget, type Target } from './lib/targets.js';

const path = (...values: string[]): RuleCondition[] => [{ Field: 'path-pattern', PathPatternConfig: { Values: values } }];
const hostRewrite = (Regex: string, Replace: string): RuleTransform => ({ Type: 'host-header-rewrite', HostHeaderRewriteConfig: { Rewrites: [{ Regex, Replace }] } });
const urlRewrite = (Regex: string, Replace: string): RuleTransform => ({ Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex, Replace }] } });

// AWS's host header example ("Transforms for listener rules", ALB user guide), the SDK tests' URL
// example and the AWS Load Balancer Controller's through real HTTP: a started
// gateway, an ALB listener on its own port, targets that echo the request line and headers they
// received.
describe('rule transforms through the embedded data plane', () => {
  let lab: Lab;
  let port: number;
  let listener: string;
  const targets: Record<string, Target> = {};
  const groups: Record<string, string> = {};

  /** What the target received: its name, request target and headers. */
  async function arrived(target: string, options: { host?: string; headers?: Record<string, string> } = {}) {
    const answer = await send(port, target, options);
    assert.equal(answer.status, 200, answer.body);
    return JSON.parse(answer.body) as { target: string; url: string; headers: Record<string, string> };
  }

  async function rule(priority: number, conditions: RuleCondition[], actions: Action[], transforms: RuleTransform[]): Promise<string> {
    const out = await lab.elb.send(new CreateRuleCommand({ ListenerArn: listener, Priority: priority, Conditions: conditions, Actions: actions, Transforms: transforms }));
    return out.Rules![0].RuleArn!;
  }

  before(async () => {
    lab = await startLab();
    for (const name of ['default', 'host', 'url', 'other']) targets[name] = await startTarget(name);
    const lb = await lab.loadBalancer('transforms');
    for (const name of Object.keys(targets)) {
      groups[name] = await lab.targetGroup(`tg-${name}`, lb.vpcId);
      await lab.register(groups[name], [targets[name]]);
    }
    port = await freePort();
    listener = await lab.listener(lb.arn, port, forward(groups.default));
    // Higher precedence than the rewriting rules: a request rewritten to /elsewhere/… must not come here.
    await lab.rule(listener, 5, path('/elsewhere/*'), forward(groups.other));
    await rule(10, [{ Field: 'host-header', HostHeaderConfig: { Values: ['mywebsite-*.com'] } }], forward(groups.host), [hostRewrite('^mywebsite-(.+).com$', 'internal.dev.$1.myweb.com')]);
    await rule(20, path('/dp/*'), forward(groups.url), [urlRewrite('^/dp/([A-Za-z0-9]+)/?$', '/product.php?id=$1')]);
    await rule(30, path('/api/*'), forward(groups.url), [urlRewrite('^\\/api\\/(.+)$', '/$1'), hostRewrite('.*', 'backend.internal')]);
    await rule(40, path('/cond/*'), forward(groups.url), [urlRewrite('^/cond/(.*)$', '/elsewhere/$1')]);
    await rule(50, path('/go/*'), [{ Type: 'redirect', RedirectConfig: { Path: '/moved/#{path}', StatusCode: 'HTTP_302' } }], [urlRewrite('^/go/(.*)$', '/went/$1'), hostRewrite('.*', 'elsewhere.internal')]);
    await rule(60, path('/fixed'), [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', ContentType: 'text/plain', MessageBody: 'fixed' } }], [urlRewrite('^/fixed$', '/other')]);
    await rule(70, path('/broken/*'), forward(groups.url), [urlRewrite('^/broken/.*$', '')]);
    await rule(80, path('/ws'), forward(groups.url), [urlRewrite('^/ws$', '/socket'), hostRewrite('.*', 'ws.internal')]);
    // Answered through the last rule, not the default action (both answer 200): every rule is in force.
    await waitFor(async () => JSON.parse((await send(port, '/ws')).body || '{}').target === 'url');
  });

  after(async () => {
    await lab?.close();
    await Promise.all(Object.values(targets).map((t) => t.close()));
  });

  it("host-header-rewrite: AWS's example arrives rewritten; path, query and X-Forwarded-* untouched", async () => {
    const seen = await arrived('/project-a?x=1', { host: 'mywebsite-example.com' });
    assert.equal(seen.target, 'host');
    assert.equal(seen.headers.host, 'internal.dev.example.myweb.com');
    assert.equal(seen.url, '/project-a?x=1');
    assert.equal(seen.headers['x-forwarded-port'], String(port));
    assert.equal(seen.headers['x-forwarded-proto'], 'http');
    assert.match(seen.headers['x-forwarded-for'], /^(127\.0\.0\.1|::1)$/);
    // The host name is what the regex sees: the port the client wrote is not part of it, nor kept.
    assert.equal((await arrived('/', { host: `MyWebsite-Shop.com:${port}` })).headers.host, 'internal.dev.shop.myweb.com');
  });

  it('url-rewrite arrives rewritten, a query written by the replacement', async () => {
    const seen = await arrived('/dp/B01N5IB20Q');
    assert.equal(seen.target, 'url');
    assert.equal(seen.url, '/product.php?id=B01N5IB20Q');
    assert.equal((await arrived('/dp/B01N5IB20Q/')).url, '/product.php?id=B01N5IB20Q');
    assert.equal(seen.headers.host, `127.0.0.1:${port}`, 'no host rewrite: Host as sent');
  });

  it('a regex that does not match passes the request unchanged', async () => {
    const seen = await arrived('/dp/B01N5IB20Q?ref=mail');
    assert.equal(seen.target, 'url', 'the rule still matched');
    assert.equal(seen.url, '/dp/B01N5IB20Q?ref=mail');
    assert.equal((await arrived('/dp/a/b')).url, '/dp/a/b');
    assert.equal((await arrived('/', { host: 'example.com' })).headers.host, 'example.com');
  });

  it('both transforms of one rule; the query rides along in `$1`', async () => {
    const seen = await arrived('/api/users/7?fields=name%2Cage', { host: 'shop.example.com' });
    assert.equal(seen.url, '/users/7?fields=name%2Cage');
    assert.equal(seen.headers.host, 'backend.internal');
  });

  it('conditions match the original request: a rewrite does not re-route', async () => {
    const seen = await arrived('/cond/x');
    assert.equal(seen.target, 'url', 'not the /elsewhere/* rule of higher precedence');
    assert.equal(seen.url, '/elsewhere/x');
    assert.equal((await arrived('/elsewhere/x')).target, 'other');
  });

  it('redirect and fixed-response answers are built from the original request', async () => {
    const moved = await send(port, '/go/page?q=1', { host: 'shop.example.com' });
    assert.equal(moved.status, 302);
    assert.equal(moved.headers.location, `http://shop.example.com:${port}/moved/go/page?q=1`);
    const fixed = await send(port, '/fixed');
    assert.equal(fixed.status, 200);
    assert.equal(fixed.body, 'fixed');
  });

  it('a match whose rewrite is no valid request target answers 500', async () => {
    const answer = await send(port, '/broken/page');
    assert.equal(answer.status, 500);
    assert.match(answer.body, /500 Internal Server Error/);
    assert.equal(answer.headers.server, 'awselb/2.0');
    assert.equal(targets.url.seen.some((s) => s.url.startsWith('/broken')), false, 'never forwarded');
  });

  it('WebSocket upgrades are rewritten too', async () => {
    const echo = await webSocketEcho(port, 'client.example', 'hi');
    assert.equal(echo.status, 101);
    assert.equal(echo.echoed, 'hi');
    const handshake = targets.url.seen.filter((s) => s.headers.upgrade === 'websocket').at(-1);
    assert.equal(handshake?.url, '/socket');
    assert.equal(handshake?.headers.host, 'ws.internal');
  });

  it('ModifyRule ResetTransforms: forwarded unrewritten from then on', async () => {
    const arn = await rule(90, path('/reset/*'), forward(groups.url), [urlRewrite('^/reset/', '/was-reset/')]);
    await waitFor(async () => (await arrived('/reset/a')).url === '/was-reset/a');
    await lab.elb.send(new ModifyRuleCommand({ RuleArn: arn, ResetTransforms: true }));
    await waitFor(async () => (await arrived('/reset/a')).url === '/reset/a');
  });
});
