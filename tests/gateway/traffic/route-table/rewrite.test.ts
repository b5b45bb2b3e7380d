import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRewrite, expand, rewritesOf } from '../../../../gateway/traffic/route-table/rewrite.js';

const rewrite = (Regex: string, Replace: string, input: string) => compileRewrite({ Regex, Replace })(input);

describe('rewrite (one RewriteConfig)', () => {
  it('the documented examples', () => {
    // ALB user guide, "Transforms for listener rules": the host header example. The URL example is
    // the one the SDK tests use (a query written by the replacement).
    assert.equal(rewrite('^mywebsite-(.+).com$', 'internal.dev.$1.myweb.com', 'mywebsite-example.com'), 'internal.dev.example.myweb.com');
    assert.equal(rewrite('^/dp/([A-Za-z0-9]+)/?$', '/product.php?id=$1', '/dp/B01N5IB20Q/'), '/product.php?id=B01N5IB20Q');
    assert.equal(rewrite('^/dp/([A-Za-z0-9]+)/?$', '/product.php?id=$1', '/dp/B01N5IB20Q'), '/product.php?id=B01N5IB20Q');
    // The AWS Load Balancer Controller's: strip a leading /api/ (the query, part of the URL, follows).
    assert.equal(rewrite('^\\/api\\/(.+)$', '/$1', '/api/users?page=2'), '/users?page=2');
  });

  it('no match: undefined (the request goes on unchanged)', () => {
    assert.equal(rewrite('^mywebsite-(.+).com$', 'x', 'example.com'), undefined);
    assert.equal(rewrite('^/dp/([A-Za-z0-9]+)/?$', '/p?id=$1', '/dp/B01?ref=mail'), undefined, '`$` is the end of the query');
  });

  it('replaces the first match only, keeping the text around it', () => {
    assert.equal(rewrite('a', 'b', '/aaa'), '/baa');
    assert.equal(rewrite('/v1/', '/v2/', '/api/v1/items/v1/'), '/api/v2/items/v1/');
    assert.equal(rewrite('.*', 'whole', 'host.example'), 'whole');
  });

  it('RE2 semantics, not JavaScript', () => {
    assert.equal(rewrite('(?i)^/API/(\\w+)', '/x/$1', '/api/v1'), '/x/v1');
    assert.equal(rewrite('^/(?P<id>\\d+)$', '/item/${id}', '/42'), '/item/42');
    assert.throws(() => compileRewrite({ Regex: '^/(?=a)', Replace: '' }));
  });
});

describe("expand (Go's regexp.Expand)", () => {
  const groups = ['whole', 'one', undefined];
  const group = (index: number) => groups[index];
  const named = { name: 1 };
  const cases: Array<[string, string]> = [
    ['$1', 'one'],
    ['${1}x', 'onex'],
    ['$1x', ''], // `1x` is a name, and no group has it: Go's pitfall, kept so Traefik agrees
    ['$0', 'whole'],
    ['$2', ''], // did not take part
    ['$9', ''], // no such group
    ['$name/${name}', 'one/one'],
    ['$$1', '$1'],
    ['cost: $', 'cost: $'],
    ['${1', '${1'],
    ['$-', '$-'],
    ['$01', ''], // a leading zero makes it a name
    ['a$1.b$1', 'aone.bone'],
  ];
  for (const [template, expected] of cases) {
    it(`${template} → ${expected}`, () => assert.equal(expand(template, group, named), expected));
  }

  it('nine digits are a group number, ten a name', () => {
    assert.equal(expand('$123456789', group, { 123456789: 1 }), '');
    assert.equal(expand('$1234567890', group, { 1234567890: 1 }), 'one');
  });
});

describe('rewritesOf', () => {
  it('splits a rule’s transforms by kind', () => {
    const host = { Regex: '^a$', Replace: 'b' };
    const url = { Regex: '^/a', Replace: '/b' };
    assert.deepEqual(rewritesOf([
      { Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [url] } },
      { Type: 'host-header-rewrite', HostHeaderRewriteConfig: { Rewrites: [host] } },
    ]), { host, url });
    assert.deepEqual(rewritesOf([]), {});
  });
});
