import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import type { RuleTransform } from '@aws-sdk/client-elastic-load-balancing-v2';
import { splitTarget } from '../../../../gateway/traffic/dataplane/request-facts.js';
import { compileTransforms, TRANSFORM_FAILED, urlOf } from '../../../../gateway/traffic/dataplane/transforms.js';

const host = (Regex: string, Replace: string): RuleTransform => ({ Type: 'host-header-rewrite', HostHeaderRewriteConfig: { Rewrites: [{ Regex, Replace }] } });
const url = (Regex: string, Replace: string): RuleTransform => ({ Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex, Replace }] } });

/** Runs a rule's transforms on a request with this Host header and target. */
function run(transforms: RuleTransform[], hostHeader: string | undefined, target: string) {
  const transform = compileTransforms(transforms);
  assert.ok(transform);
  const req = { headers: hostHeader === undefined ? {} : { host: hostHeader } } as IncomingMessage;
  const { path, query } = splitTarget(target);
  return transform(req, { host: '', path, rawQuery: query, method: 'GET', headers: {}, sourceIp: '127.0.0.1' });
}

describe('rule transforms in the data plane', () => {
  it('none: nothing to run', () => {
    assert.equal(compileTransforms([]), undefined);
  });

  it("host-header-rewrite: AWS's example, on the host name without its port", () => {
    const example = [host('^mywebsite-(.+).com$', 'internal.dev.$1.myweb.com')];
    assert.deepEqual(run(example, 'mywebsite-example.com', '/project-a'), { host: 'internal.dev.example.myweb.com' });
    assert.deepEqual(run(example, 'MyWebsite-Example.com:8080', '/project-a'), { host: 'internal.dev.example.myweb.com' }, 'lower-cased, port dropped');
    assert.deepEqual(run(example, 'example.com:8080', '/'), {}, 'no match: Host unchanged');
    assert.deepEqual(run(example, undefined, '/'), {}, 'no Host header: nothing to rewrite');
    assert.deepEqual(run([host('^\\[::1\\]$', 'v6.internal')], '[::1]:80', '/'), { host: 'v6.internal' });
  });

  it('url-rewrite: the regex sees the path and the query', () => {
    const example = [url('^/dp/([A-Za-z0-9]+)/?$', '/product.php?id=$1')];
    assert.deepEqual(run(example, 'h', '/dp/B01N5IB20Q'), { target: '/product.php?id=B01N5IB20Q' });
    assert.deepEqual(run(example, 'h', '/dp/B01N5IB20Q?ref=x'), {}, 'the query is part of what `$` ends');
    assert.deepEqual(run([url('^/api/(.*)$', '/$1')], 'h', '/api/a%20b?x=1&y=%2F'), { target: '/a%20b?x=1&y=%2F' }, 'as sent, not decoded');
    assert.deepEqual(run([url('\\?debug=1$', '')], 'h', '/page?debug=1'), { target: '/page' }, 'a query can be removed');
    assert.equal(urlOf({ path: '/a', rawQuery: '' } as never), '/a', 'no `?` without a query');
  });

  it('both at once', () => {
    assert.deepEqual(run([host('^a\\.example$', 'b.internal'), url('^/v1/', '/v2/')], 'A.example', '/v1/items?q=1'), { host: 'b.internal', target: '/v2/items?q=1' });
  });

  it('a match whose result is no valid request target or host fails (500)', () => {
    assert.equal(run([url('^/old.*$', '')], 'h', '/old/page'), TRANSFORM_FAILED, 'empty target');
    assert.equal(run([url('^/(.*)$', '$1')], 'h', '/page'), TRANSFORM_FAILED, 'not origin form');
    assert.equal(run([url('^/a', '/a b')], 'h', '/a'), TRANSFORM_FAILED, 'a space');
    assert.equal(run([url('^/a', '/a#frag')], 'h', '/a'), TRANSFORM_FAILED, 'a fragment');
    assert.equal(run([host('.*', 'a/b')], 'h', '/'), TRANSFORM_FAILED, 'a slash in a host');
    assert.equal(run([host('.*', '')], 'h', '/'), TRANSFORM_FAILED, 'an empty host');
    assert.equal(run([host('^h$', 'fine'), url('^/a', '/a b')], 'h', '/a'), TRANSFORM_FAILED, 'either failing fails the request');
  });

  it('a regex RE2 rejects does not compile (the rule is left out)', () => {
    assert.throws(() => compileTransforms([url('(?<=a)b', '/')]));
  });
});
