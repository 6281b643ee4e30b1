import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from '../logger.js';

/**
 * The one HTTP app of a replica (Express 5, the version Bolt brings): Slack events, Teams messages,
 * health, readiness, metrics and the playground are routers on it, so a deployment exposes a single
 * port. No global body parser: Bolt and botbuilder read their raw bodies themselves (Slack signs the
 * raw bytes), so each router parses what it needs. Unknown paths get 404 JSON; a failing handler 500
 * without detail, logged.
 */
export function createHttpApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  return app;
}

/** Mount after every router: JSON 404 and a 500 that never carries a stack trace to the client. */
export function finishHttpApp(app: Express, logger: Logger): void {
  app.use((_request, response) => {
    response.status(404).json({ error: 'not_found' });
  });
  const onError: ErrorRequestHandler = (error: unknown, request, response, _next) => {
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
    if (status >= 500) logger.error({ err: error, path: request.path }, 'request handler failed');
    if (response.headersSent) {
      response.end();
      return;
    }
    // Body-parser errors (malformed JSON, too large) are the client's: say so without detail.
    response.status(status).json({ error: status >= 500 ? 'internal_error' : 'bad_request' });
  };
  app.use(onError);
}

export interface RunningServer {
  server: Server;
  url: string;
  /**
   * Stops taking connections, lets requests in flight (answers being generated) finish for up to
   * `graceMs` (default 0: cut them at once), then drops whatever is left.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export async function listen(app: Express, options: { host: string; port: number }): Promise<RunningServer> {
  const server = app.listen(options.port, options.host);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: ({ graceMs = 0 } = {}) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        // Keep-alive sockets with no request would hold close() open: drop them now.
        server.closeIdleConnections();
        if (graceMs === 0) server.closeAllConnections();
      }),
  };
}

/** True for 127.0.0.0/8, ::1 and localhost: addresses no other machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}
