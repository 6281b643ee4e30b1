import type { Database } from '../db/database.js';
import { migrationLevel } from '../db/migrate.js';
import { VERSION } from '../version.js';
import { sendJson, type Route } from './http-server.js';

/** GET /healthz: 200 when the database answers, 503 (with the reason) when it does not. */
export function healthRoute(db: Database): Route {
  return {
    method: 'GET',
    path: '/healthz',
    async handler(_request, response) {
      try {
        const level = await migrationLevel(db);
        sendJson(response, 200, { status: 'ok', version: VERSION, database: { kind: db.kind, reachable: true }, migrationLevel: level });
      } catch {
        sendJson(response, 503, { status: 'unavailable', version: VERSION, database: { kind: db.kind, reachable: false } });
      }
    },
  };
}
