import type { Queryable } from '../database.js';

/**
 * Claims a platform event for handling: true the first time `(platform, eventKey)` is seen, false
 * for a redelivery (Slack retries, Teams resends an activity on timeout). The insert is the claim,
 * so two replicas receiving the same delivery handle it once.
 */
export async function claimProcessedEvent(db: Queryable, platform: string, eventKey: string): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO processed_events (platform, event_key) VALUES ($1, $2) ON CONFLICT (platform, event_key) DO NOTHING`,
    [platform, eventKey.slice(0, 500)],
  );
  return result.rowCount > 0;
}
