import type { Queryable } from '../database.js';

/**
 * Claims a platform event for this replica: true for the first delivery of `eventKey`, false for
 * every later one (a platform retry, or the same event reaching a second replica). The insert is the
 * claim, so two replicas racing on one database cannot both win.
 */
export async function claimEvent(db: Queryable, platform: string, eventKey: string): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO processed_events (platform, event_key) VALUES ($1, $2) ON CONFLICT (platform, event_key) DO NOTHING`,
    [platform, eventKey],
  );
  return result.rowCount > 0;
}
