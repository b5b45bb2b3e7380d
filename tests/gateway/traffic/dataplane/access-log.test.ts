import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { freePort } from '../../../support/server.js';
import { forward, startLab, type Lab, type LoadBalancer } from './lib/lab.js';
import { send, waitFor } from './lib/http.js';
import { startTarget, type Target } from './lib/targets.js';

const path = (value: string) => [{ Field: 'path-pattern', PathPatternConfig: { Values: [value] } }];

/** ALB's access-log field names, in order ("Access logs for your Application Load Balancer"). */
const FIELDS = [
  'type', 'time', 'elb', 'client:port', 'target:port', 'request_processing_time', 'target_processing_time',
  'response_processing_time', 'elb_status_code', 'target_status_code', 'received_bytes', 'sent_bytes', 'request',
  'user_agent', 'ssl_cipher', 'ssl_protocol', 'target_group_arn', 'trace_id', 'domain_name', 'chosen_cert_arn',
  'matched_rule_priority', 'request_creation_time', 'actions_executed', 'redirect_url', 'error_reason',
  'target:port_list', 'target_status_code_list', 'classification', 'classification_reason',
] as const;

type Entry = Record<(typeof FIELDS)[number], string>;

/** Splits a line into fields: quoted ones (JSON escapes inside) are unquoted. */
function parseLine(line: string): Entry {
  const tokens = line.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  assert.equal(tokens.length, FIELDS.length, `field count of: ${line}`);
  return Object.fromEntries(FIELDS.map((name, i) => [name, tokens[i].startsWith('"') ? JSON.parse(tokens[i]) as string : tokens[i]])) as Entry;
}

describe('KECS_ACCESS_LOG: one ALB-style line per data-plane request', () => {
  let lab: Lab;
  let web: Target;
  let folder: string;
  let file: string;
  let lb: LoadBalancer;
  let group: string;
  let port: number;

  async function entries(count: number): Promise<Entry[]> {
    let lines: string[] = [];
    await waitFor(async () => {
      lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
      return lines.length >= count;
    });
    return lines.map(parseLine);
  }

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kecs-lb-access-log-'));
    // A folder that does not exist yet: the gateway creates it.
    file = join(folder, 'logs', 'access.log');
    lab = await startLab({ KECS_ACCESS_LOG: file });
    web = await startTarget('web');
    lb = await lab.loadBalancer('access');
    group = await lab.targetGroup('access-web', lb.vpcId);
    await lab.register(group, [web]);
    const refused = await lab.targetGroup('access-refused', lb.vpcId);
    await lab.elb.send(new RegisterTargetsCommand({ TargetGroupArn: refused, Targets: [{ Id: '127.0.0.1', Port: await freePort() }] }));
    port = await freePort();
    const listener = await lab.listener(lb.arn, port, forward(group));
    await lab.rule(listener, 5, path('/fixed'), [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '418', MessageBody: 'tea' } }]);
    await lab.rule(listener, 6, path('/moved'), [{ Type: 'redirect', RedirectConfig: { Path: '/elsewhere', StatusCode: 'HTTP_301' } }]);
    await lab.rule(listener, 7, path('/refused'), forward(refused));
    // The last rule in force (the default action answers /refused with 200 until then), so all are.
    await waitFor(async () => (await send(port, '/refused')).status === 502, 10_000);
  });

  after(async () => {
    await lab?.close();
    await web?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('writes forwarded requests, fixed responses, redirects and 502s with ALB fields', async () => {
    const already = (await entries(1)).length;
    const body = 'x'.repeat(100);
    const forwarded = await send(port, '/hello?name=a%20b', { method: 'POST', host: 'app.example.com', headers: { 'user-agent': 'curl/8.0 "quoted"', 'content-length': String(body.length) }, body });
    assert.equal(forwarded.status, 200);
    assert.equal((await send(port, '/fixed')).status, 418);
    assert.equal((await send(port, '/moved')).status, 301);
    assert.equal((await send(port, '/refused')).status, 502);
    const [forward, fixed, moved, failed] = (await entries(already + 4)).slice(already);

    assert.equal(forward.type, 'http');
    assert.match(forward.elb, /^app\/access\/[0-9a-f]{16}$/);
    assert.match(forward['client:port'], /^127\.0\.0\.1:\d+$/);
    assert.equal(forward['target:port'], `127.0.0.1:${web.port}`);
    for (const field of ['request_processing_time', 'target_processing_time', 'response_processing_time'] as const) {
      assert.match(forward[field], /^\d+\.\d{3}$/, field);
    }
    assert.equal(forward.elb_status_code, '200');
    assert.equal(forward.target_status_code, '200');
    assert.ok(Number(forward.received_bytes) > body.length, 'request line, headers and body');
    assert.ok(Number(forward.sent_bytes) >= forwarded.body.length, 'at least the body sent');
    assert.equal(forward.request, 'POST http://app.example.com:' + port + '/hello?name=a%20b HTTP/1.1');
    assert.equal(forward.user_agent, 'curl/8.0 "quoted"');
    assert.equal(forward.target_group_arn, group);
    assert.match(forward.trace_id, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    assert.equal(forward.matched_rule_priority, '0', 'the default rule');
    assert.ok(Date.parse(forward.request_creation_time) <= Date.parse(forward.time));
    assert.equal(forward.actions_executed, 'forward');
    assert.equal(forward['target:port_list'], `127.0.0.1:${web.port}`);
    assert.equal(forward.target_status_code_list, '200');
    assert.equal(forward.ssl_cipher, '-');
    assert.equal(forward.domain_name, '-');

    assert.equal(fixed.elb_status_code, '418');
    assert.equal(fixed.target_status_code, '-');
    assert.equal(fixed['target:port'], '-');
    assert.equal(fixed.target_processing_time, '-1');
    assert.equal(fixed.matched_rule_priority, '5');
    assert.equal(fixed.actions_executed, 'fixed-response');
    assert.equal(fixed.target_group_arn, '-');
    assert.ok(Number(fixed.sent_bytes) > 'tea'.length);

    assert.equal(moved.elb_status_code, '301');
    assert.equal(moved.actions_executed, 'redirect');
    assert.equal(moved.redirect_url, `http://127.0.0.1:${port}/elsewhere`);
    assert.equal(moved.matched_rule_priority, '6');

    assert.equal(failed.elb_status_code, '502');
    assert.equal(failed.target_status_code, '-');
    assert.equal(failed.target_processing_time, '-1');
    assert.equal(failed.matched_rule_priority, '7');
  });
});
