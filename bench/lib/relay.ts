import { once } from 'node:events';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Hop-by-hop headers, which describe one connection and must not cross the relay. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);

function endToEnd(headers: NodeJS.Dict<string | string[]>): NodeJS.Dict<string | string[]> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/**
 * A loopback keep-alive front for a server that closes every connection. Werkzeug, under moto's
 * server, answers every request with `Connection: close`, and autocannon does not honour that:
 * it writes the next request on the closing socket and stalls until its timeout. The relay keeps
 * autocannon's connections open and opens one connection to the server per request, which is
 * what an SDK client talking to that server does anyway; the extra loopback hop is small next to
 * the server's own time and is stated with the results.
 */
export async function startRelay(targetUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(targetUrl);
  const agent = new Agent({ keepAlive: false });
  const relay = createServer((incoming, outgoing) => {
    const forward = request({
      host: target.hostname,
      port: target.port,
      method: incoming.method,
      path: incoming.url,
      headers: endToEnd(incoming.headers),
      agent,
    }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(outgoing);
    });
    forward.on('error', (error) => {
      // A 502 counts as a failure in the cell rather than hiding behind a dropped connection.
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`relay: ${error.message}`);
    });
    incoming.pipe(forward);
  });
  relay.keepAliveTimeout = 60_000;
  relay.listen(0, target.hostname);
  await once(relay, 'listening');
  const { port } = relay.address() as AddressInfo;
  return {
    url: `http://${target.hostname}:${port}`,
    close: async () => {
      const closed = once(relay, 'close');
      relay.close();
      relay.closeAllConnections();
      await closed;
      agent.destroy();
    },
  };
}
