import { createServer } from 'node:http';
import { targetIndex, type BenchMessage, type ServerMessage } from './health-targets.js';

/**
 * The one local HTTP server behind all bench:health targets, run as a child process so the
 * bench's CPU figure is the health checker's alone. It listens on 0.0.0.0 because only a wildcard
 * bind answers every address of 127.0.0.0/8; a connection that did not arrive on a loopback
 * address is closed unanswered. It records when each target's check arrived (wall clock, ms).
 */
const index: number[] = [];
const at: number[] = [];
const send = (message: ServerMessage) => process.send!(message);

const server = createServer((request, response) => {
  index.push(targetIndex(request.headers.host ?? ''));
  at.push(performance.timeOrigin + performance.now());
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '3' }).end('ok\n');
});
server.on('connection', (socket) => {
  if (!socket.localAddress?.startsWith('127.') && !socket.localAddress?.startsWith('::ffff:127.')) socket.destroy();
});
server.keepAliveTimeout = 1000;
server.listen({ port: 0, host: '0.0.0.0', backlog: 4096 }, () => send({ port: (server.address() as { port: number }).port }));

process.on('message', (message: BenchMessage) => {
  if (message === 'report') {
    send({ arrivals: { index: index.splice(0), at: at.splice(0) } });
  } else {
    server.close();
    server.closeAllConnections();
    process.disconnect();
  }
});
// The bench going away (even killed) ends this process too.
process.on('disconnect', () => process.exit(0));
