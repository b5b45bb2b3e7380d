import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeSticky, readCookie, setStickyCookie } from '../../../../gateway/traffic/dataplane/cookies.js';
import { redirectTo } from '../../../../gateway/traffic/dataplane/redirect.js';
import { errorBody, fixedResponse } from '../../../../gateway/traffic/dataplane/responses.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('redirect', () => {
  const original = { protocol: 'http', host: 'www.example.com', port: 8080, path: '/a/b', query: 'x=1' };

  it('keeps every component not given, with the port written out', () => {
    assert.deepEqual(redirectTo({ Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' }, original), { status: 301, location: 'https://www.example.com:443/a/b?x=1' });
  });

  it('substitutes #{…} keywords anywhere, #{path} without its leading slash', () => {
    const result = redirectTo({ Host: 'new.#{host}', Path: '/v2/#{path}', Query: '#{query}&from=#{port}', StatusCode: 'HTTP_302' }, original);
    assert.deepEqual(result, { status: 302, location: 'http://new.www.example.com:8080/v2/a/b?x=1&from=8080' });
  });

  it('adds no `?` for an empty query', () => {
    assert.equal(redirectTo({ Protocol: 'HTTPS', StatusCode: 'HTTP_301' }, { ...original, query: '' }).location, 'https://www.example.com:8080/a/b');
  });
});

describe('fixed-response and error pages', () => {
  it('answers the configured status, type and body, text/plain by default', () => {
    assert.deepEqual(fixedResponse({ StatusCode: '418', ContentType: 'application/json', MessageBody: '{"tea":true}' }).headers['content-type'], 'application/json');
    const plain = fixedResponse({ StatusCode: '404' });
    assert.equal(plain.status, 404);
    assert.equal(plain.headers['content-type'], 'text/plain');
    assert.equal(plain.body, '');
  });

  it('uses ALB-like HTML error bodies', () => {
    assert.equal(errorBody(502), '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>');
    assert.match(errorBody(503), /503 Service Temporarily Unavailable/);
    assert.match(errorBody(504), /504 Gateway Time-out/);
  });
});

describe('cookies', () => {
  it('reads a cookie among others and refuses tampered or expired values', () => {
    const [line] = setStickyCookie('AWSALB', 'tg x', NOW, 10);
    const value = line.slice('AWSALB='.length, line.indexOf(';'));
    assert.equal(readCookie(`a=1; AWSALB=${value}; b=2`, 'AWSALB'), value);
    assert.equal(decodeSticky(value, NOW), 'tg x');
    assert.equal(decodeSticky(value, NOW + 10_000), undefined);
    assert.equal(decodeSticky('garbage', NOW), undefined);
  });
});
