import type { Queryable } from '../database.js';

/** A unit of work owed after an ack: the platform's raw body and the kind of handler that runs it. */
export interface PlatformWorkItem {
  id: number;
  platform: string;
  kind: string;
  payload: unknown;
  attempts: number;
  /** The reply was already posted (by a replica that died before finishing the row). */
  replied: boolean;
}

interface Row {
  id: number;
  platform: string;
  kind: string;
  payload: unknown;
  attempts: number;
  replied_at: Date | string | null;
}

const toItem = (row: Row): PlatformWorkItem => ({
  id: row.id,
  platform: row.platform,
  kind: row.kind,
  payload: row.payload,
  attempts: row.attempts,
  replied: row.replied_at !== null,
});

/** One acked delivery to record. */
export interface AcceptedWorkInput {
  platform: string;
  /** Its dedupe keys in processed_events, the event id's first. */
  eventKeys: readonly string[];
  kind: string;
  payload: unknown;
}

/**
 * The ack path's one statement, for every delivery acked at about the same moment (a group commit:
 * fifty acks in flight cost a few statements, not fifty, on PGlite's one connection as on a pool).
 * Claims each delivery's dedupe keys in processed_events and, for each delivery whose keys were all
 * new, records its work leased to `owner`. Returns the work row's id per delivery, in order;
 * undefined for a redelivery (Slack's retries, one message delivered as two events). Deliveries
 * sharing a key within one call are the caller's to drop (see the dispatcher).
 */
export async function recordPlatformWork(
  db: Queryable,
  items: readonly AcceptedWorkInput[],
  lease: { owner: string; leaseMs: number },
): Promise<(number | undefined)[]> {
  const keyItem: number[] = [];
  const keyPlatform: string[] = [];
  const keyText: string[] = [];
  items.forEach((item, index) => {
    for (const key of item.eventKeys) {
      keyItem.push(index);
      keyPlatform.push(item.platform);
      keyText.push(key.slice(0, 500));
    }
  });
  const { rows } = await db.query<{ id: number; item: number }>(
    `WITH keys AS (
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[]) AS k(item, platform, event_key)),
     claimed AS (
       INSERT INTO processed_events (platform, event_key)
       SELECT DISTINCT platform, event_key FROM keys
       ON CONFLICT (platform, event_key) DO NOTHING
       RETURNING platform, event_key),
     items AS (
       SELECT * FROM unnest($4::int[], $5::text[], $6::text[], $7::text[], $8::text[]) AS i(item, platform, event_key, kind, payload)),
     recorded AS (
       INSERT INTO platform_work (platform, event_key, kind, payload, lease_owner, lease_until)
       SELECT i.platform, i.event_key, i.kind, i.payload::jsonb, $9, now() + make_interval(secs => $10::double precision / 1000)
         FROM items i
        WHERE NOT EXISTS (
          SELECT 1 FROM keys k
           WHERE k.item = i.item
             AND NOT EXISTS (SELECT 1 FROM claimed c WHERE c.platform = k.platform AND c.event_key = k.event_key))
       ON CONFLICT (platform, event_key) DO NOTHING
       RETURNING id, platform, event_key)
     SELECT r.id, i.item FROM recorded r JOIN items i ON i.platform = r.platform AND i.event_key = r.event_key`,
    [
      keyItem,
      keyPlatform,
      keyText,
      items.map((_, index) => index),
      items.map((item) => item.platform),
      items.map((item) => (item.eventKeys[0] ?? '').slice(0, 500)),
      items.map((item) => item.kind),
      items.map((item) => JSON.stringify(item.payload)),
      lease.owner,
      lease.leaseMs,
    ],
  );
  const ids: (number | undefined)[] = items.map(() => undefined);
  for (const row of rows) ids[row.item] = row.id;
  return ids;
}

/**
 * Claims open work whose lease has run out (its replica died or gave it back), oldest first, for
 * `owner`. SKIP LOCKED and the lease re-checked under the row lock: two replicas polling at once
 * never both take a row.
 */
export async function claimExpiredPlatformWork(
  db: Queryable,
  input: { kinds: readonly string[]; owner: string; leaseMs: number; limit: number },
): Promise<PlatformWorkItem[]> {
  const { rows } = await db.query<Row>(
    `UPDATE platform_work
        SET lease_owner = $2, lease_until = now() + make_interval(secs => $3::double precision / 1000), attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM platform_work
         WHERE done_at IS NULL AND (lease_until IS NULL OR lease_until < now()) AND kind = ANY($1::text[])
         ORDER BY id
         LIMIT $4
         FOR UPDATE SKIP LOCKED)
        AND done_at IS NULL AND (lease_until IS NULL OR lease_until < now())
      RETURNING id, platform, kind, payload, attempts, replied_at`,
    [input.kinds, input.owner, input.leaseMs, input.limit],
  );
  return rows.map(toItem).sort((a, b) => a.id - b.id);
}

/** Extends this replica's leases on work still under way (a slow model call must not look like a dead replica). */
export async function renewPlatformWorkLeases(db: Queryable, ids: readonly number[], owner: string, leaseMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE platform_work SET lease_until = now() + make_interval(secs => $3::double precision / 1000)
      WHERE id = ANY($1::bigint[]) AND lease_owner = $2 AND done_at IS NULL`,
    [ids, owner, leaseMs],
  );
}

/** The reply is out: whoever holds the row from now on must not answer again. */
export async function markPlatformWorkReplied(db: Queryable, id: number): Promise<void> {
  await db.query(`UPDATE platform_work SET replied_at = coalesce(replied_at, now()) WHERE id = $1`, [id]);
}

/**
 * Finished: answered (the reply marker set with it), or given up on with the error kept. The payload
 * (the member's words) is dropped; the row stays until pruned.
 */
export async function markPlatformWorkDone(db: Queryable, id: number, error?: string): Promise<void> {
  await db.query(
    `UPDATE platform_work
        SET done_at = now(), lease_until = NULL, payload = '{}'::jsonb, last_error = $2,
            replied_at = CASE WHEN $2::text IS NULL THEN coalesce(replied_at, now()) ELSE replied_at END
      WHERE id = $1 AND done_at IS NULL`,
    [id, error === undefined ? null : error.slice(0, 500)],
  );
}

/** Finished rows older than `olderThanMs`: nobody can contend for them any more. */
export async function prunePlatformWork(db: Queryable, olderThanMs: number): Promise<number> {
  const result = await db.query(`DELETE FROM platform_work WHERE done_at < now() - make_interval(secs => $1::double precision / 1000)`, [
    olderThanMs,
  ]);
  return result.rowCount;
}

/** Open and finished work (status, tests). */
export async function countPlatformWork(db: Queryable): Promise<{ open: number; done: number }> {
  const { rows } = await db.query<{ open: number; done: number }>(
    `SELECT count(*) FILTER (WHERE done_at IS NULL)::int AS open, count(*) FILTER (WHERE done_at IS NOT NULL)::int AS done FROM platform_work`,
  );
  return rows[0] ?? { open: 0, done: 0 };
}
