import { Router } from 'express';
import type { Database } from '../db/database.js';
import { migrationLevel } from '../db/migrate.js';
import { registry } from '../observability/metrics.js';
import { VERSION } from '../version.js';

export interface ReadinessInfo {
  /** The newest migration this code ships: the database must be at least there. */
  expectedMigrationLevel: number;
  platforms: { slack: boolean; teams: boolean };
  /** The chat model's name, or null when answers are extractive. */
  model: string | null;
  /** False once shutdown began: the load balancer should stop sending traffic. */
  accepting?: () => boolean;
}

/**
 * GET /healthz: liveness (200 when the database answers, 503 otherwise).
 * GET /readyz: readiness (database reachable and migrated to this code's level, not shutting down),
 * with which platforms and model are configured; 503 with the reason otherwise.
 * GET /metrics: the process's Prometheus registry.
 */
export function healthRouter(db: Database, readiness?: ReadinessInfo): Router {
  const router = Router();
  router.get('/healthz', async (_request, response) => {
    try {
      const level = await migrationLevel(db);
      response.json({ status: 'ok', version: VERSION, database: { kind: db.kind, reachable: true }, migrationLevel: level });
    } catch {
      response.status(503).json({ status: 'unavailable', version: VERSION, database: { kind: db.kind, reachable: false } });
    }
  });
  if (readiness) {
    router.get('/readyz', async (_request, response) => {
      const configured = { platforms: readiness.platforms, model: readiness.model };
      let level: number;
      try {
        level = await migrationLevel(db);
      } catch {
        response.status(503).json({
          status: 'not_ready',
          reason: 'the database is unreachable',
          version: VERSION,
          database: { kind: db.kind, reachable: false },
          ...configured,
        });
        return;
      }
      const database = { kind: db.kind, reachable: true, migrationLevel: level, expectedMigrationLevel: readiness.expectedMigrationLevel };
      const reason =
        level < readiness.expectedMigrationLevel
          ? `migrations are behind: the database is at ${level}, this code needs ${readiness.expectedMigrationLevel}`
          : readiness.accepting && !readiness.accepting()
            ? 'shutting down'
            : null;
      response
        .status(reason ? 503 : 200)
        .json({ status: reason ? 'not_ready' : 'ready', ...(reason ? { reason } : {}), version: VERSION, database, ...configured });
    });
  }
  router.get('/metrics', async (_request, response) => {
    response.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
