import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { HttpRequest } from '@smithy/protocol-http';
import { createHandle } from '../../gateway/api/handle.js';
import { loadRegistry } from '../../gateway/api/registry.js';
import { loadConfig } from '../../gateway/config.js';
import { createLogger, type LogOutput } from '../../gateway/logger.js';
import { startTestDatabase, type TestDatabase } from '../support/database.js';

/** Collects what a logger writes; `isTTY` says whether it passes for a terminal. */
function capture(isTTY: boolean): LogOutput & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return Object.assign(stream, { isTTY, text: () => chunks.join('') });
}

/** pino-pretty formats in a stream of its own: the line arrives on a later tick. */
async function settled(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

// ANSI SGR sequences (colours), as pino-pretty writes them.
const COLOUR = /\x1b\[\d+m/; // eslint-disable-line no-control-regex

describe('logger: one key per name, JSON for machines, pretty for people', () => {
  let database: TestDatabase;
  before(async () => { database = await startTestDatabase(); });
  after(() => database.close());

  it("a request line carries one `service` key, the AWS service's; the logger names itself `name`", async () => {
    const output = capture(false);
    const log = createLogger('info', 'json', output);
    const registry = await loadRegistry(new URL('../../handlers/', import.meta.url));
    const handle = createHandle({ registry, db: database.db, config: database.config, log });
    await handle(new HttpRequest({
      method: 'POST', hostname: 'localhost', path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=abc' },
      body: 'Action=DescribeLoadBalancers&Version=2015-12-01',
    }));
    const line = output.text().split('\n').find((text) => text.includes('"msg":"request"'));
    assert.ok(line, output.text());
    // JSON.parse keeps the last of duplicate keys: count them in the text itself.
    assert.equal(line.match(/"service":/g)?.length, 1);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.equal(parsed.service, 'elbv2');
    assert.equal(parsed.operation, 'DescribeLoadBalancers');
    assert.equal(parsed.name, 'kecs-lb');
    assert.equal(parsed.status, 200);
  });

  it('credentials are redacted', () => {
    const output = capture(false);
    createLogger('info', 'json', output).info({ headers: { authorization: 'AWS4-HMAC-SHA256 Signature=secret' } }, 'headers');
    assert.doesNotMatch(output.text(), /secret/);
    assert.match(output.text(), /\[redacted\]/);
  });

  it('pretty, when forced, writes coloured lines for people, not JSON', async () => {
    const output = capture(false);
    createLogger('info', 'pretty', output).info({ port: 4566 }, 'kecs-lb gateway ready');
    await settled();
    const text = output.text();
    assert.match(text, COLOUR);
    assert.match(text, /INFO/);
    assert.match(text, /kecs-lb gateway ready/);
    assert.throws(() => JSON.parse(text));
    assert.equal(text.trimEnd().split('\n').length, 1, 'one line per entry');
  });

  it('auto is pretty on a terminal and JSON otherwise', async () => {
    const terminal = capture(true);
    const pipe = capture(false);
    createLogger('info', 'auto', terminal).info('hello');
    createLogger('info', 'auto', pipe).info('hello');
    await settled();
    assert.match(terminal.text(), COLOUR);
    assert.equal((JSON.parse(pipe.text()) as { msg: string }).msg, 'hello');
  });

  it('KECS_LOG_FORMAT takes json, pretty or auto (the default)', () => {
    assert.equal(loadConfig({}).logFormat, 'auto');
    assert.equal(loadConfig({ KECS_LOG_FORMAT: 'json' }).logFormat, 'json');
    assert.equal(loadConfig({ KECS_LOG_FORMAT: 'pretty' }).logFormat, 'pretty');
    assert.throws(() => loadConfig({ KECS_LOG_FORMAT: 'xml' }), /KECS_LOG_FORMAT must be 'json', 'pretty' or 'auto', got 'xml'/);
  });

  it('KECS_ACCESS_LOG is off unless set', () => {
    assert.equal(loadConfig({}).accessLog, undefined);
    assert.equal(loadConfig({ KECS_ACCESS_LOG: '' }).accessLog, undefined);
    assert.equal(loadConfig({ KECS_ACCESS_LOG: 'stdout' }).accessLog, 'stdout');
  });
});
