import type { AnswerResult } from '../answering/answer-question.js';
import type { AnswerSource } from '../answering/extractive-answer.js';
import type { StoredSummaryDraft } from '../summaries/review-summary.js';
import type { SummaryDraftRecord } from '../summaries/request-summary.js';
import type { Language } from '../retrieval/retrieved-chunk.js';
import type { Role } from '../types.js';
import type { ChatSurface, ConversationAddress } from './roster-reader.js';

/**
 * A turn: who said what, where. Adapters translate a platform event (Slack event, slash command or
 * action; Teams activity or invoke; a playground request) into one, and render the replies the
 * conversation core sends back. They decide nothing.
 */
export interface Turn {
  who: Speaker;
  where: Place;
  what: Utterance;
}

/** A platform identity, as the platform vouches for it (never as a button value says). */
export interface Speaker {
  platform: ChatSurface;
  /** Slack team_id of the user; Teams tenant id; null in the playground. */
  workspace: string | null;
  /** Slack user id; Teams aadObjectId; playground: the member id being played. */
  userId: string;
  /** The client's locale (Teams 'fr-FR', Slack user locale), used when a text is too short to tell. */
  locale?: string;
}

/**
 * Where the turn happens. A DM is private to the asker. A room is anything else (a channel, a
 * private channel, a group chat); the core finds out whether it is a working group's registered
 * channel and who reads it. A thread is a room's thread (threadId set).
 */
export type Place =
  | { kind: 'dm'; address: ConversationAddress; threadId?: string }
  | { kind: 'room'; address: ConversationAddress; roomKind: 'channel' | 'group-chat'; threadId?: string };

/** The buttons the core puts on its replies; a click comes back as a turn with the button's token. */
export type ButtonAction = 'share' | 'feedback-up' | 'feedback-down' | 'approve' | 'regenerate' | 'discard' | 'choose-group';

export type Utterance =
  /** A question (a DM, a mention, a thread follow-up, `/compact ask …`). */
  | {
      kind: 'question';
      text: string;
      /** A message in a room thread without a mention: answered only in a thread the bot already answered in. */
      onlyInKnownThread?: boolean;
    }
  /** A command in the one grammar: `help`, `summary <Member State> [group]`, `reminders`, `scope`, `ask <q>`. */
  | { kind: 'command'; text: string }
  /** A click: the action and the opaque token the core put on the button (never an id to trust). */
  | { kind: 'button'; action: ButtonAction; token: string }
  /**
   * The platform's own 👍/👎 on a message the bot posted (Teams' feedback loop), which carries no
   * token of ours: the core finds the answer from the message it was given on.
   */
  | { kind: 'feedback'; messageId: string; rating: 'up' | 'down'; comment?: string };

/** What the member wrote, for the reply language and error lines (a click or a rating has no text: ''). */
export function spokenText(what: Utterance): string {
  return what.kind === 'question' || what.kind === 'command' ? what.text : '';
}

/** An answer as the core hands it to adapters (the answer service's result and its reply language). */
export type CoreAnswer = AnswerResult & { language: Language };

/** Whom a reply goes to. */
export type Recipient =
  /** Only the person who took the turn: a DM reply, a Slack ephemeral, a Teams 1:1 / private reply. */
  | { kind: 'asker' }
  /** Everyone who reads the turn's conversation (in its thread when there is one). */
  | { kind: 'room' }
  /** A working group's registered channel (approved summaries), which may not be the turn's conversation. */
  | { kind: 'channel'; address: ConversationAddress; threadId?: string }
  /** Another member, in their DM (the chair told that the co-chair acted on their draft). */
  | { kind: 'member'; memberId: string; platformUserId: string; workspace: string | null };

export interface Reply {
  to: Recipient;
  body: ReplyBody;
  /** After a click: this reply takes the place of the message the button was on (a new draft version, a discarded draft). */
  replacesOrigin?: boolean;
}

/** Why an answer meant for a room went to the asker alone (one line, in the asker's language). */
export type PrivateReason = 'outsiders' | 'unreadable_roster';

export type ReplyBody =
  /** One line of the bot's own words. */
  | { kind: 'line'; text: string; language: Language }
  /**
   * An answer. `feedbackToken`: put 👍/👎 on it. `shareToken`: offer Post to channel (the core
   * checks everything again at the click). `note`: a line shown with it (why it is private, "more in a DM").
   */
  | { kind: 'answer'; answer: CoreAnswer; feedbackToken?: string; shareToken?: string; note?: string }
  /**
   * An answer shared to the room with Post to channel (its audited text; 👍/👎 for the room's
   * readers). `sources`: its cited documents numbered [1]… in order, with what a citation shows
   * (title, classification for the sensitivity label); `extractive` when no model wrote it.
   */
  | {
      kind: 'shared-answer';
      auditId: number;
      text: string;
      feedbackToken: string;
      language: Language;
      sources: AnswerSource[];
      extractive: boolean;
    }
  /** A private summary draft with Approve / Regenerate / Discard (each button carries `token`). */
  | {
      kind: 'draft';
      draft: SummaryDraftRecord;
      token: string;
      names: { state: string; group: string };
      language: Language;
    }
  /** The chairs' choice of group for a summary asked outside any group's channel (one token per group). */
  | { kind: 'group-choice'; groups: { id: string; name: string; role: Role; token: string }[]; memberStateName: string; language: Language }
  /** An approved summary, posted to the group's channel. */
  | { kind: 'summary'; draft: StoredSummaryDraft; feedbackToken?: string; language: Language; sources: AnswerSource[] }
  /** The next reminders (no document text). */
  | { kind: 'reminders'; items: { title: string; sendAt: string; eventAt: string }[]; language: Language }
  /** "What can I see": the documents in the asker's scope here, as titles and kinds only. */
  | { kind: 'scope'; documents: { documentId: string; title: string; kind: string; memberStateName: string | null }[]; language: Language };

/**
 * Where a reply landed: the platform's id of the message it posted (Slack ts, Teams activity id),
 * its thread, and the conversation when it is not the turn's own (Teams sends a room's private
 * replies to the asker's 1:1 chat), so the core can record the post for withdrawal and feedback.
 */
export interface Posted {
  messageId?: string;
  threadId?: string;
  address?: ConversationAddress;
}

/**
 * The adapter's side of one turn: it sends what the core decides. `send` returns where it posted
 * (see Posted) when it posted a message that stays; `remove` takes back a post the core could not keep.
 */
export interface Outbox {
  send(reply: Reply): Promise<Posted | void>;
  remove?(to: Recipient, messageId: string): Promise<void>;
  /**
   * Optional streaming: before the core answers, it says to whom the answer will go; the adapter may
   * return a token sink (model tokens as they come) and then receives the final answer through `send`.
   */
  stream?(to: Recipient): StreamSink | undefined;
}

/** Where an answer's tokens go as the model writes them, and the member's Stop (when the surface has one). */
export interface StreamSink {
  onToken(token: string): void;
  /** Aborted when the member presses Stop: the model call is cancelled and the answer is marked stopped. */
  signal?: AbortSignal;
}
