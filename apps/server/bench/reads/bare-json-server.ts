/**
 * Baseline for the read path: a bare Node HTTP server that answers each path with the exact
 * bytes StudySync answered it with (given in BENCH_BODIES as a JSON object path → body), with
 * no database, no authentication and no framework. Prints its port.
 */
import { createServer } from 'node:http';

const bodies = new Map(Object.entries(JSON.parse(process.env.BENCH_BODIES ?? '{}') as Record<string, string>));
const server = createServer((request, response) => {
  const body = bodies.get(request.url ?? '');
  response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
  response.end(body ?? '{}');
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on ${address && typeof address === 'object' ? address.port : String(address)}`);
});
