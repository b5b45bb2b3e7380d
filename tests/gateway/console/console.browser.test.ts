import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DescribeTargetHealthCommand,
  ModifyTargetGroupCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort } from '../../support/server.js';
import { forward, startLab, type Lab } from '../traffic/dataplane/lib/lab.js';

const CHROMIUM = '/usr/bin/chromium';
// KECS_CONSOLE_SCREENSHOT=docs/console.png: where to save a picture of the page at the end (README).
const SCREENSHOT = process.env.KECS_CONSOLE_SCREENSHOT;

/** A loopback HTTP target whose answer the test switches. */
async function switchableTarget(): Promise<{ server: Server; port: number; status: { code: number } }> {
  const status = { code: 200 };
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(status.code, { 'content-type': 'text/plain' }).end(`status ${status.code}\n`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, status };
}

/** The text of a target's state badge on the page, or undefined if the row is not shown. */
async function shownState(page: Page, target: string): Promise<string | undefined> {
  const cell = page.locator(`tr[data-target="${target}"] td.health`);
  return (await cell.count()) ? (await cell.first().textContent()) ?? undefined : undefined;
}

describe('console in a real browser', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (apt-get install chromium)` }, () => {
  let lab: Lab;
  let browser: Browser;
  let page: Page;
  let target: Awaited<ReturnType<typeof switchableTarget>>;
  let groupArn: string;
  let listenerPort: number;
  const pageErrors: string[] = [];

  before(async () => {
    // A tick of 200 ms: probes start within 0.2 s of their due time, so the test waits on
    // the health check interval, not on the scheduler.
    lab = await startLab({ KECS_TICK_MS: '200' });
    target = await switchableTarget();
    const lb = await lab.loadBalancer('shop-alb');
    groupArn = await lab.targetGroup('shop-web', lb.vpcId);
    // AWS's minimums: 5 s interval, 2 s timeout, thresholds of 2.
    await lab.elb.send(new ModifyTargetGroupCommand({
      TargetGroupArn: groupArn, HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2, HealthCheckPath: '/health',
    }));
    await lab.elb.send(new RegisterTargetsCommand({ TargetGroupArn: groupArn, Targets: [{ Id: '127.0.0.1', Port: target.port }] }));
    listenerPort = await freePort();
    const listenerArn = await lab.listener(lb.arn, listenerPort, forward(groupArn));
    await lab.rule(listenerArn, 10, [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/maintenance/*'] } }],
      [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503', ContentType: 'text/plain', MessageBody: 'down' } }]);
    await lab.rule(listenerArn, 5, [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['POST'] } }], forward(groupArn));
    // A second group whose target nothing listens on, for the picture.
    const spare = await lab.targetGroup('shop-api', lb.vpcId);
    await lab.elb.send(new RegisterTargetsCommand({ TargetGroupArn: spare, Targets: [{ Id: '127.0.0.1', Port: await freePort() }] }));

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // No sandbox: CI runs as root, where Chromium's sandbox cannot start.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error') pageErrors.push(message.text()); });
    await page.goto(`${lab.server.url}/_kecs/console/`);
  });

  after(async () => {
    await browser?.close();
    target?.server.close();
    await lab?.close();
  });

  test('shows the load balancer, its listener and its rules in evaluation order', async () => {
    await page.locator('details[data-arn] summary b', { hasText: 'shop-alb' }).waitFor({ timeout: 5_000 });
    const listener = page.locator('.listener');
    assert.equal(await listener.locator('h3').textContent(), `HTTP:${listenerPort}`);
    const priorities = await listener.locator('table.rules tbody tr td:first-child').allTextContents();
    assert.deepEqual(priorities, ['5', '10', 'default']);
    const actions = await listener.locator('table.rules tbody tr td:nth-child(3)').allTextContents();
    assert.deepEqual(actions, ['forward shop-web', 'fixed-response 503 text/plain', 'forward shop-web']);
    assert.match(await listener.locator('table.rules tbody tr').nth(1).textContent() ?? '', /path-pattern "\/maintenance\/\*"/);
  });

  test('shows the target turning healthy, with its last check and latency', async () => {
    await page.waitForFunction((row) => document.querySelector(`tr[data-target="${row}"] td.health`)?.textContent === 'healthy', `127.0.0.1:${target.port}`, { timeout: 20_000 });
    const cells = await page.locator(`tr[data-target="127.0.0.1:${target.port}"] td`).allTextContents();
    assert.match(cells[4], /^\d\d:\d\d:\d\d\.\d{3}$/, 'last check time');
    assert.match(cells[5], /^\d+ ms$/, 'latency');
  });

  test('shows requests through the listener as they are answered', async (t) => {
    const sent = performance.now();
    const response = await fetch(`http://127.0.0.1:${listenerPort}/checkout?step=2`);
    assert.equal(response.status, 200);
    await response.text();
    await fetch(`http://127.0.0.1:${listenerPort}/maintenance/now`).then((r) => r.text());
    const rows = page.locator('.listener table.requests tbody tr');
    await page.waitForFunction(() => document.querySelectorAll('.listener table.requests tbody tr td code').length >= 4, undefined, { timeout: 2_000 });
    const shownAfter = performance.now() - sent;
    // Newest first: the fixed response (rule 10, no target), then the forwarded request.
    const newest = await rows.nth(0).locator('td').allTextContents();
    assert.deepEqual(newest.slice(1, 6), ['GET', '/maintenance/now', '10', '-', '503']);
    const forwarded = await rows.nth(1).locator('td').allTextContents();
    assert.deepEqual(forwarded.slice(1, 6), ['GET', '/checkout?step=2', 'default', `127.0.0.1:${target.port}`, '200']);
    t.diagnostic(`the requests appeared ${Math.round(shownAfter)} ms after the first was sent`);
    assert.ok(shownAfter < 2_000, `requests appeared after ${shownAfter} ms`);
  });

  test('shows a target turning unhealthy within two seconds of the health checker deciding it', async (t) => {
    target.status.code = 500;
    const row = `127.0.0.1:${target.port}`;
    // When the API first reports it unhealthy (polled every 50 ms) and when the page first shows it.
    const apiSaw = (async () => {
      for (;;) {
        const out = await lab.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: groupArn }));
        if (out.TargetHealthDescriptions?.[0]?.TargetHealth?.State === 'unhealthy') return performance.now();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await page.waitForFunction((r) => document.querySelector(`tr[data-target="${r}"] td.health`)?.textContent === 'unhealthy', row, { timeout: 25_000, polling: 20 });
    const pageSaw = performance.now();
    const lag = pageSaw - await apiSaw;
    t.diagnostic(`the page showed unhealthy ${Math.round(lag)} ms after DescribeTargetHealth did`);
    assert.ok(lag < 2_000, `the page showed the change ${lag} ms after the API did`);
    const cells = await page.locator(`tr[data-target="${row}"] td`).allTextContents();
    assert.match(cells[3], /Target\.ResponseCodeMismatch/);
    assert.equal(await shownState(page, row), 'unhealthy');
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  test('the page ran without script errors or CSP violations', () => {
    assert.deepEqual(pageErrors, []);
  });
});
