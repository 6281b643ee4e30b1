import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';

export type RouteHandler = (request: http.IncomingMessage, response: http.ServerResponse) => Promise<void> | void;

export interface Route {
  method: 'GET' | 'POST';
  /** Exact path, or a prefix ending in '/*'. */
  path: string;
  handler: RouteHandler;
}

export interface RunningServer {
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

export function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function matches(route: Route, method: string, pathname: string): boolean {
  if (route.method !== method) return false;
  return route.path.endsWith('/*') ? pathname.startsWith(route.path.slice(0, -1)) : pathname === route.path;
}

/**
 * The one HTTP server of a replica. Health, Slack events, Teams messages and the playground are
 * routes on it, so a deployment exposes a single port. A failing handler answers 500 without detail
 * and is logged; unknown paths get 404.
 */
export async function startHttpServer(options: { host: string; port: number; routes: Route[]; logger: Logger }): Promise<RunningServer> {
  const server = http.createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = options.routes.find((candidate) => matches(candidate, request.method ?? 'GET', pathname));
    if (!route) {
      sendJson(response, 404, { error: 'not_found' });
      return;
    }
    Promise.resolve(route.handler(request, response)).catch((error: unknown) => {
      options.logger.error({ err: error, path: pathname }, 'request handler failed');
      if (!response.headersSent) sendJson(response, 500, { error: 'internal_error' });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
