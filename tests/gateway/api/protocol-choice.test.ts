import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpRequest } from '@smithy/protocol-http';
import { loadConfig } from '../../../gateway/config.js';
import { ServiceError } from '../../../gateway/api/errors.js';
import { createHandle } from '../../../gateway/api/handle.js';
import { jsonProtocol } from '../../../gateway/api/protocols/json.js';
import { queryProtocol } from '../../../gateway/api/protocols/query.js';
import type { RegisteredService } from '../../../gateway/api/registry.js';
import type { OperationModule } from '../../../gateway/api/service.js';
import { createLogger } from '../../../gateway/logger.js';
import { bodyText } from '../../support/gateway.js';

const AT = new Date('2026-01-01T00:00:01.500Z');
const echo: OperationModule = { input: {}, handler: async () => ({ Name: 'x', At: AT }) };
const refuse: OperationModule = { input: {}, handler: async () => { throw new ServiceError('ThingNotFound', 'No such thing'); } };

/** Two services of no real AWS, one per protocol: the descriptor's protocol alone decides the bytes. */
const services: RegisteredService[] = [
  {
    descriptor: { name: 'things', signingName: 'things', protocol: jsonProtocol, apiVersion: '', targetPrefix: 'Things_20260101', operations: ['Echo', 'Refuse'] },
    operations: new Map([['Echo', echo], ['Refuse', refuse]]),
  },
  {
    descriptor: { name: 'stuff', signingName: 'stuff', protocol: queryProtocol({ xmlNamespace: 'urn:stuff' }), apiVersion: '2026-01-01', operations: ['Echo', 'Refuse'] },
    operations: new Map([['Echo', echo], ['Refuse', refuse]]),
  },
];

const handle = createHandle({
  registry: new Map(services.map((s) => [s.descriptor.name, s])),
  db: undefined as never,
  config: loadConfig({}),
  log: createLogger('silent'),
});

const json = (operation: string) => new HttpRequest({ method: 'POST', path: '/', headers: { 'x-amz-target': `Things_20260101.${operation}`, 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
const form = (operation: string) => new HttpRequest({ method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Action=${operation}&Version=2026-01-01` });

describe('gateway: the service descriptor chooses the protocol', () => {
  it('answers a JSON service in JSON 1.1', async () => {
    const response = await handle(json('Echo'));
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/x-amz-json-1.1');
    assert.equal(await bodyText(response), '{"Name":"x","At":1767225601.5}');
  });

  it("answers a JSON service's errors with __type and x-amzn-ErrorType", async () => {
    const response = await handle(json('Refuse'));
    assert.equal(response.statusCode, 400);
    assert.equal(response.headers['x-amzn-ErrorType'], 'ThingNotFound');
    assert.equal(await bodyText(response), '{"__type":"ThingNotFound","message":"No such thing"}');
  });

  it("answers a query service in XML in the service's namespace", async () => {
    const response = await handle(form('Echo'));
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/xml');
    const requestId = response.headers['x-amzn-RequestId'];
    assert.equal(await bodyText(response),
      `<EchoResponse xmlns="urn:stuff"><EchoResult><Name>x</Name><At>2026-01-01T00:00:01.500Z</At></EchoResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></EchoResponse>`);
    const error = await handle(form('Refuse'));
    assert.match(await bodyText(error), /^<ErrorResponse xmlns="urn:stuff"><Error><Type>Sender<\/Type><Code>ThingNotFound<\/Code>/);
  });

  it('answers errors found before the service is known in the protocol of the request', async () => {
    const badJson = await handle(new HttpRequest({ ...json('Echo'), body: '{' }));
    assert.equal(badJson.statusCode, 400);
    assert.equal(JSON.parse(await bodyText(badJson)).__type, 'SerializationException');
    const noService = await handle(new HttpRequest({ method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Name=x' }));
    assert.equal(noService.headers['content-type'], 'text/xml');
    assert.match(await bodyText(noService), /^<ErrorResponse xmlns="http:\/\/kecs.dev\/doc\/"><Error><Type>Sender<\/Type><Code>UnknownService<\/Code>/);
  });
});
