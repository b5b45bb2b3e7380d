import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';

/**
 * The targets of bench:dataplane, in a child process of their own so they neither compete with
 * the load generator in the bench process nor with the gateway: an HTTP server answering every
 * request with a small fixed body over keep-alive, and a bulk TCP server sending 64 KiB pieces
 * without pause (with backpressure) until the client goes. It sends both ports over IPC and
 * exits when the bench goes away.
 */
const BODY = 'hello from the target\n';
const PIECE = Buffer.alloc(64 * 1024, 'x');

const server = createServer((request, response) => {
  request.resume();
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(BODY.length) }).end(BODY);
});
// Longer than autocannon's runs stay idle between cells, so connections are not recycled mid-bench.
server.keepAliveTimeout = 30_000;

const bulk = createTcpServer((socket) => {
  socket.on('error', () => socket.destroy());
  const pump = () => {
    while (!socket.destroyed && socket.write(PIECE));
  };
  socket.on('drain', pump);
  pump();
});

const listening = (target: { listen(options: object, done: () => void): unknown; address(): unknown }) =>
  new Promise<number>((resolve) => target.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => resolve((target.address() as { port: number }).port)));

void Promise.all([listening(server), listening(bulk)]).then(([port, bulkPort]) => process.send!({ port, bulkPort }));
process.on('disconnect', () => process.exit(0));
