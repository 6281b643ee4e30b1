import type { ReminderPlatform } from './reminder-schedule.js';

/**
 * The port through which the dispatcher posts a reminder. Slack and Teams implement it in their own
 * folders; tests may use the real ones against a recording server.
 */
export interface ReminderPost {
  /** Stable delivery identity; Slack writes it into message metadata so a retry can find an earlier post. */
  deliveryKey: string;
  channelId: string;
  /** Teams only. */
  teamId?: string;
  text: string;
}

export type SendResult =
  | { ok: true; messageId: string | null }
  /**
   * permanent: the target cannot receive posts (archived, bot removed…); retrying will not help.
   * uncertain: no answer came back (timeout, reset), so the post may have gone out.
   */
  | { ok: false; permanent: boolean; error: string; uncertain?: boolean };

export interface ReminderSender {
  readonly platform: ReminderPlatform;
  send(post: ReminderPost): Promise<SendResult>;
  /**
   * Platform idempotency for retries after a crash: the id of a message already posted for this
   * delivery since `since`, if the platform can tell. Undefined = not found or cannot tell.
   */
  findExistingPost?(post: ReminderPost, since: Date): Promise<string | undefined>;
}
