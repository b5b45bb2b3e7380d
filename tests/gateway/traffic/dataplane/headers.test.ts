import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { upstreamHeaders } from '../../../../gateway/traffic/dataplane/forwarded-headers.js';
import { clientIp, hostOf, splitTarget } from '../../../../gateway/traffic/dataplane/request-facts.js';
import { traceHeader } from '../../../../gateway/traffic/dataplane/trace-id.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const facts = { clientIp: '127.0.0.1', protocol: 'http', port: 8080, nowMs: NOW };

describe('forwarded headers', () => {
  it('strips hop-by-hop headers, including those Connection names, and keeps Host', () => {
    const out = upstreamHeaders({ host: 'a.example.com', connection: 'keep-alive, x-private', 'keep-alive': 'timeout=5', 'x-private': '1', 'transfer-encoding': 'chunked', te: 'trailers', accept: '*/*' }, facts);
    assert.equal(out.host, 'a.example.com');
    assert.equal(out.accept, '*/*');
    for (const name of ['connection', 'keep-alive', 'x-private', 'transfer-encoding', 'te']) assert.equal(out[name], undefined, name);
  });

  it('appends the client to X-Forwarded-For and sets -Proto and -Port', () => {
    assert.equal(upstreamHeaders({}, facts)['x-forwarded-for'], '127.0.0.1');
    const out = upstreamHeaders({ 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https', 'x-forwarded-port': '1' }, facts);
    assert.equal(out['x-forwarded-for'], '203.0.113.9, 127.0.0.1');
    assert.equal(out['x-forwarded-proto'], 'http');
    assert.equal(out['x-forwarded-port'], '8080');
  });

  it('keeps Upgrade and Connection for a WebSocket handshake', () => {
    const out = upstreamHeaders({ connection: 'Upgrade', upgrade: 'websocket' }, facts, true);
    assert.equal(out.connection, 'upgrade');
    assert.equal(out.upgrade, 'websocket');
  });
});

describe('X-Amzn-Trace-Id', () => {
  it('adds a Root in the 1-<epoch hex>-<24 hex> format', () => {
    assert.match(traceHeader(undefined, NOW), /^Root=1-6955b900-[0-9a-f]{24}$/);
  });

  it('inserts or updates Self when a Root is present, keeping other fields', () => {
    assert.match(traceHeader('Root=1-67891233-abcdef012345678912345678;Sampled=1', NOW), /^Self=1-6955b900-[0-9a-f]{24};Root=1-67891233-abcdef012345678912345678;Sampled=1$/);
    assert.match(traceHeader('Self=1-00000000-000000000000000000000000;Root=1-67891233-abcdef012345678912345678', NOW), /^Self=1-6955b900-[0-9a-f]{24};Root=1-67891233-abcdef012345678912345678$/);
    assert.match(traceHeader('garbage', NOW), /^Root=1-/);
  });
});

describe('request facts', () => {
  it('takes the host without its port, lower-cased', () => {
    assert.equal(hostOf('WWW.Example.com:8080'), 'www.example.com');
    assert.equal(hostOf('[::1]:80'), '::1');
    assert.equal(hostOf(undefined), '');
  });

  it('splits path and query, also for absolute-form targets, dropping fragments', () => {
    assert.deepEqual(splitTarget('/a/b?x=1&y'), { path: '/a/b', query: 'x=1&y' });
    assert.deepEqual(splitTarget('/a#frag?no'), { path: '/a', query: '' });
    assert.deepEqual(splitTarget('http://h.example/p?q=1'), { path: '/p', query: 'q=1' });
    assert.deepEqual(splitTarget('http://h.example'), { path: '/', query: '' });
  });

  it('unwraps IPv4-mapped IPv6 client addresses', () => {
    assert.equal(clientIp('::ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(clientIp('::1'), '::1');
  });
});
