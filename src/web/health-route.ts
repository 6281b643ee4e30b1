import { Router } from 'express';
import type { Database } from '../db/database.js';
import { migrationLevel } from '../db/migrate.js';
import { VERSION } from '../version.js';

/** GET /healthz: 200 when the database answers, 503 (with the reason) when it does not. */
export function healthRouter(db: Database): Router {
  const router = Router();
  router.get('/healthz', async (_request, response) => {
    try {
      const level = await migrationLevel(db);
      response.json({ status: 'ok', version: VERSION, database: { kind: db.kind, reachable: true }, migrationLevel: level });
    } catch {
      response.status(503).json({ status: 'unavailable', version: VERSION, database: { kind: db.kind, reachable: false } });
    }
  });
  return router;
}
