import { createServer } from 'node:http';

/**
 * The target server of bench:dataplane, in a child process of its own so it neither competes with
 * the load generator in the bench process nor with the gateway. It answers every request with a
 * small fixed body over keep-alive, sends its port over IPC, and exits when the bench goes away.
 */
const BODY = 'hello from the target\n';

const server = createServer((request, response) => {
  request.resume();
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(BODY.length) }).end(BODY);
});
// Longer than autocannon's runs stay idle between cells, so connections are not recycled mid-bench.
server.keepAliveTimeout = 30_000;
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => process.send!({ port: (server.address() as { port: number }).port }));
process.on('disconnect', () => process.exit(0));
