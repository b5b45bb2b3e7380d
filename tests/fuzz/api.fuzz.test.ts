import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { HttpRequest } from '@smithy/protocol-http';
import { bodyText, useTestGateway } from '../support/gateway.js';
import { acceptable, authorization, formBody } from './arbitraries.js';

const RUNS = 6_000;

/**
 * Generated ELBv2 calls against the in-process gateway: real operations with member names from
 * the API and values from plausible to hostile, in bodies, query strings and broken encodings.
 * None may get a server error, and ARNs of resources created along the way are fed back in, so
 * calls reach the handlers' cross-resource checks, not only the codec.
 */
describe('fuzz: generated API calls, in process', () => {
  const { gw } = useTestGateway();
  const arns = new Set<string>();
  const knownArns = () => [...arns];

  it(`answers ${RUNS} generated calls without a server error`, async () => {
    let calls = 0;
    await fc.assert(
      fc.asyncProperty(formBody(knownArns), authorization, fc.boolean(), fc.constantFrom('POST', 'GET', 'PUT'), async (body, auth, asQuery, method) => {
        calls++;
        const headers: Record<string, string> = { host: 'localhost:4566', ...(auth === undefined ? {} : { authorization: auth }) };
        const request = asQuery
          ? new HttpRequest({ method, path: '/', query: Object.fromEntries(new URLSearchParams(body.replace(/%(?![0-9a-fA-F]{2})/g, '%25'))), headers })
          : new HttpRequest({ method, path: '/', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
        const response = await gw.handle(request);
        const text = await bodyText(response);
        if (response.statusCode === 200) {
          for (const [arn] of text.matchAll(/arn:aws:elasticloadbalancing:[^<]+/g)) if (arns.size < 200) arns.add(arn);
        }
        assert.ok(acceptable(response.statusCode, text), `${response.statusCode} for ${body.slice(0, 300)}\n${text.slice(0, 500)}`);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 150_000, markInterruptAsFailure: false },
    );
    assert.ok(calls >= RUNS / 4, `only ${calls} calls ran before the time limit`);
  });
});
