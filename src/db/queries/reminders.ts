import type { ReminderDefinition, ReminderTargets } from '../../core/reminders/reminder-definition.js';
import type { PlannedDelivery, ReminderPlatform } from '../../core/reminders/reminder-schedule.js';
import type { Database, Queryable } from '../database.js';

/**
 * Reminder definitions and their deliveries. A delivery row is unique per (reminder, event, lead
 * time, platform, target): inserting it is the claim, so with any number of replicas one wins.
 * Times are passed in from the caller's clock (never the database's now()) so tests can drive them.
 */

export interface StoredReminder extends ReminderDefinition {
  paused: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type DeliveryStatus = 'claimed' | 'sent' | 'failed' | 'skipped';

export interface DeliveryRow {
  id: number;
  reminderId: string;
  eventAt: Date;
  leadTime: string;
  sendAt: Date;
  platform: ReminderPlatform;
  targetKey: string;
  status: DeliveryStatus;
  claimedBy: string | null;
  claimExpiresAt: Date | null;
  attempts: number;
  lastError: string | null;
  platformMessageId: string | null;
  sentAt: Date | null;
  /** Set just before a post on a platform that cannot be read back (Teams); see markDeliveryPosting. */
  postingStartedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface ReminderRecord {
  id: string;
  title: string;
  working_group_id: string | null;
  cron: string;
  timezone: string;
  duration_minutes: number;
  lead_times: string[];
  message: string;
  targets: ReminderTargets;
  paused: boolean;
  created_at: Date;
  updated_at: Date;
}

interface DeliveryRecord {
  id: number;
  reminder_id: string;
  event_at: Date;
  lead_time: string;
  send_at: Date;
  platform: ReminderPlatform;
  target_key: string;
  status: DeliveryStatus;
  claimed_by: string | null;
  claim_expires_at: Date | null;
  attempts: number;
  last_error: string | null;
  platform_message_id: string | null;
  sent_at: Date | null;
  posting_started_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const iso = (date: Date) => date.toISOString();
const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));
const toDateOrNull = (value: Date | string | null) => (value === null ? null : toDate(value));

function toReminder(row: ReminderRecord): StoredReminder {
  const targets = typeof row.targets === 'string' ? (JSON.parse(row.targets) as ReminderTargets) : row.targets;
  return {
    id: row.id,
    title: row.title,
    workingGroupId: row.working_group_id,
    cron: row.cron,
    timezone: row.timezone,
    durationMinutes: row.duration_minutes,
    leadTimes: row.lead_times,
    message: row.message,
    targets: { slack: targets.slack ?? [], teams: targets.teams ?? [] },
    paused: row.paused,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

function toDelivery(row: DeliveryRecord): DeliveryRow {
  return {
    id: Number(row.id),
    reminderId: row.reminder_id,
    eventAt: toDate(row.event_at),
    leadTime: row.lead_time,
    sendAt: toDate(row.send_at),
    platform: row.platform,
    targetKey: row.target_key,
    status: row.status,
    claimedBy: row.claimed_by,
    claimExpiresAt: toDateOrNull(row.claim_expires_at),
    attempts: row.attempts,
    lastError: row.last_error,
    platformMessageId: row.platform_message_id,
    sentAt: toDateOrNull(row.sent_at),
    postingStartedAt: toDateOrNull(row.posting_started_at),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/**
 * Inserts or updates definitions in one transaction. `paused` and `created_at` survive re-import;
 * `created_at` (= `now` for new ones) is where catch-up starts, so importing a reminder does not
 * flood channels with sends that were "due" before it existed.
 */
export async function upsertReminders(
  db: Database,
  definitions: ReminderDefinition[],
  now: Date,
): Promise<{ inserted: number; updated: number }> {
  return db.transaction(async (tx) => {
    let inserted = 0;
    for (const d of definitions) {
      const { rows } = await tx.query<{ inserted: boolean }>(
        `INSERT INTO reminders (id, title, working_group_id, cron, timezone, duration_minutes, lead_times, message, targets, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9::jsonb, $10::timestamptz, $10::timestamptz)
         ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, working_group_id = EXCLUDED.working_group_id, cron = EXCLUDED.cron,
           timezone = EXCLUDED.timezone, duration_minutes = EXCLUDED.duration_minutes, lead_times = EXCLUDED.lead_times,
           message = EXCLUDED.message, targets = EXCLUDED.targets, updated_at = EXCLUDED.updated_at
         RETURNING (xmax = 0) AS inserted`,
        [
          d.id,
          d.title,
          d.workingGroupId,
          d.cron,
          d.timezone,
          d.durationMinutes,
          d.leadTimes,
          d.message,
          JSON.stringify(d.targets),
          iso(now),
        ],
      );
      if (rows[0]?.inserted) inserted += 1;
    }
    return { inserted, updated: definitions.length - inserted };
  });
}

export async function listReminders(db: Queryable, options: { includePaused?: boolean } = {}): Promise<StoredReminder[]> {
  const { rows } = await db.query<ReminderRecord>(
    `SELECT * FROM reminders ${options.includePaused === false ? 'WHERE NOT paused' : ''} ORDER BY id`,
  );
  return rows.map(toReminder);
}

export async function findReminder(db: Queryable, id: string): Promise<StoredReminder | undefined> {
  const { rows } = await db.query<ReminderRecord>('SELECT * FROM reminders WHERE id = $1', [id]);
  return rows[0] ? toReminder(rows[0]) : undefined;
}

/** Returns false when there is no such reminder. */
export async function setReminderPaused(db: Queryable, id: string, paused: boolean, now: Date): Promise<boolean> {
  const { rows } = await db.query('UPDATE reminders SET paused = $2, updated_at = $3::timestamptz WHERE id = $1 RETURNING id', [
    id,
    paused,
    iso(now),
  ]);
  return rows.length > 0;
}

/** Keys of delivery rows (any status) of these reminders for events at or after `eventsFrom`. */
export async function existingDeliveryKeys(db: Queryable, reminderIds: string[], eventsFrom: Date): Promise<Set<string>> {
  if (reminderIds.length === 0) return new Set();
  const { rows } = await db.query<{ reminder_id: string; event_at: Date; lead_time: string; platform: string; target_key: string }>(
    `SELECT reminder_id, event_at, lead_time, platform, target_key FROM reminder_deliveries
     WHERE reminder_id = ANY($1::text[]) AND event_at >= $2::timestamptz`,
    [reminderIds, iso(eventsFrom)],
  );
  return new Set(rows.map((r) => `${r.reminder_id}|${toDate(r.event_at).toISOString()}|${r.lead_time}|${r.platform}|${r.target_key}`));
}

/** The claim: inserts the delivery as 'claimed' by `claimant`; undefined when another instance has it (or had it). */
export async function claimDelivery(
  db: Queryable,
  planned: PlannedDelivery,
  claimant: string,
  now: Date,
  ttlMs: number,
): Promise<DeliveryRow | undefined> {
  const { rows } = await db.query<DeliveryRecord>(
    `INSERT INTO reminder_deliveries (reminder_id, event_at, lead_time, send_at, platform, target_key, status, claimed_by, claim_expires_at, attempts, created_at, updated_at)
     VALUES ($1, $2::timestamptz, $3, $4::timestamptz, $5, $6, 'claimed', $7, $8::timestamptz, 1, $9::timestamptz, $9::timestamptz)
     ON CONFLICT (reminder_id, event_at, lead_time, platform, target_key) DO NOTHING
     RETURNING *`,
    [
      planned.reminderId,
      iso(planned.eventAt),
      planned.leadTime,
      iso(planned.sendAt),
      planned.target.platform,
      planned.target.targetKey,
      claimant,
      iso(new Date(now.getTime() + ttlMs)),
      iso(now),
    ],
  );
  return rows[0] ? toDelivery(rows[0]) : undefined;
}

/** Records a delivery that will not be sent (event already started, superseded); no-op if a row exists. */
export async function recordSkippedDelivery(db: Queryable, planned: PlannedDelivery, reason: string, now: Date): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO reminder_deliveries (reminder_id, event_at, lead_time, send_at, platform, target_key, status, last_error, created_at, updated_at)
     VALUES ($1, $2::timestamptz, $3, $4::timestamptz, $5, $6, 'skipped', $7, $8::timestamptz, $8::timestamptz)
     ON CONFLICT (reminder_id, event_at, lead_time, platform, target_key) DO NOTHING
     RETURNING id`,
    [
      planned.reminderId,
      iso(planned.eventAt),
      planned.leadTime,
      iso(planned.sendAt),
      planned.target.platform,
      planned.target.targetKey,
      reason,
      iso(now),
    ],
  );
  return rows.length > 0;
}

/** Claims whose holder died or gave up (claim expired), oldest first. */
export async function findExpiredClaims(db: Queryable, now: Date, limit = 500): Promise<DeliveryRow[]> {
  const { rows } = await db.query<DeliveryRecord>(
    `SELECT * FROM reminder_deliveries WHERE status = 'claimed' AND claim_expires_at <= $1::timestamptz
     ORDER BY claim_expires_at, id LIMIT $2`,
    [iso(now), limit],
  );
  return rows.map(toDelivery);
}

/** Takes over an expired claim; only one instance's UPDATE matches the row. */
export async function takeOverExpiredClaim(
  db: Queryable,
  id: number,
  claimant: string,
  now: Date,
  ttlMs: number,
): Promise<DeliveryRow | undefined> {
  const { rows } = await db.query<DeliveryRecord>(
    `UPDATE reminder_deliveries SET claimed_by = $2, claim_expires_at = $3::timestamptz, attempts = attempts + 1, updated_at = $4::timestamptz
     WHERE id = $1 AND status = 'claimed' AND claim_expires_at <= $4::timestamptz
     RETURNING *`,
    [id, claimant, iso(new Date(now.getTime() + ttlMs)), iso(now)],
  );
  return rows[0] ? toDelivery(rows[0]) : undefined;
}

/** Marks a claimed delivery sent. Guarded by the claimant, so a stale holder cannot overwrite a newer one. */
export async function markDeliverySent(
  db: Queryable,
  id: number,
  claimant: string,
  platformMessageId: string | null,
  now: Date,
  note?: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE reminder_deliveries SET status = 'sent', platform_message_id = $3, sent_at = $4::timestamptz, updated_at = $4::timestamptz,
       claim_expires_at = NULL, last_error = COALESCE($5, last_error)
     WHERE id = $1 AND status = 'claimed' AND claimed_by = $2 RETURNING id`,
    [id, claimant, platformMessageId, iso(now), note ?? null],
  );
  return rows.length > 0;
}

/** Final state without a post: 'failed' (permanent platform error) or 'skipped' (event started meanwhile). */
export async function markDeliveryFinished(
  db: Queryable,
  id: number,
  claimant: string,
  status: 'failed' | 'skipped',
  reason: string,
  now: Date,
): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE reminder_deliveries SET status = $3, last_error = $4, updated_at = $5::timestamptz, claim_expires_at = NULL
     WHERE id = $1 AND status = 'claimed' AND claimed_by = $2 RETURNING id`,
    [id, claimant, status, reason, iso(now)],
  );
  return rows.length > 0;
}

/**
 * Phase one of a post that cannot be read back: records, under the claim, that the post is about to be
 * made. False when the claim is no longer ours (then nothing may be posted).
 */
export async function markDeliveryPosting(db: Queryable, id: number, claimant: string, now: Date): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE reminder_deliveries SET posting_started_at = $3::timestamptz, updated_at = $3::timestamptz
     WHERE id = $1 AND status = 'claimed' AND claimed_by = $2 AND posting_started_at IS NULL RETURNING id`,
    [id, claimant, iso(now)],
  );
  return rows.length > 0;
}

/**
 * A transient failure: keeps the claim but lets it expire at `retryAt`, when any instance retries it.
 * `notPosted`: the platform answered, so nothing went out and the posting mark is cleared; otherwise a
 * mark stays and the retry treats the delivery as possibly posted.
 */
export async function releaseDeliveryForRetry(
  db: Queryable,
  id: number,
  claimant: string,
  error: string,
  retryAt: Date,
  now: Date,
  options: { notPosted?: boolean } = {},
): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE reminder_deliveries SET claimed_by = NULL, claim_expires_at = $3::timestamptz, last_error = $4, updated_at = $5::timestamptz,
       posting_started_at = CASE WHEN $6::boolean THEN NULL ELSE posting_started_at END
     WHERE id = $1 AND status = 'claimed' AND claimed_by = $2 RETURNING id`,
    [id, claimant, iso(retryAt), error, iso(now), options.notPosted ?? true],
  );
  return rows.length > 0;
}

export async function deliveryHistory(db: Queryable, reminderId: string, limit = 200): Promise<DeliveryRow[]> {
  const { rows } = await db.query<DeliveryRecord>(
    `SELECT * FROM reminder_deliveries WHERE reminder_id = $1 ORDER BY send_at DESC, platform, target_key LIMIT $2`,
    [reminderId, limit],
  );
  return rows.map(toDelivery);
}

export async function listDeliveries(db: Queryable, options: { reminderId?: string } = {}): Promise<DeliveryRow[]> {
  const { rows } = await db.query<DeliveryRecord>(
    `SELECT * FROM reminder_deliveries ${options.reminderId ? 'WHERE reminder_id = $1' : ''} ORDER BY id`,
    options.reminderId ? [options.reminderId] : [],
  );
  return rows.map(toDelivery);
}

/**
 * node-cron run coordinator: the first instance to insert the tick's key runs it. A key whose holder
 * never completed and whose lease expired may be taken over (the holder crashed mid-tick).
 */
export async function tryClaimSchedulerRun(db: Queryable, runKey: string, claimant: string, ttlMs: number): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO scheduler_runs (run_key, claimed_by, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
     ON CONFLICT (run_key) DO UPDATE SET claimed_by = EXCLUDED.claimed_by, expires_at = EXCLUDED.expires_at
       WHERE scheduler_runs.completed_at IS NULL AND scheduler_runs.expires_at < now()
     RETURNING run_key`,
    [runKey, claimant, ttlMs],
  );
  return rows.length > 0;
}

export async function completeSchedulerRun(db: Queryable, runKey: string): Promise<void> {
  await db.query('UPDATE scheduler_runs SET completed_at = now() WHERE run_key = $1', [runKey]);
}

/** Tick keys are only needed while a tick can still be contended; keep a day for inspection. */
export async function pruneSchedulerRuns(db: Queryable, olderThanMs = 86_400_000): Promise<number> {
  const { rowCount } = await db.query(`DELETE FROM scheduler_runs WHERE expires_at < now() - $1 * interval '1 millisecond'`, [olderThanMs]);
  return rowCount;
}
