import type { ConversationAddress } from '../core/conversation/roster-reader.js';
import type { ButtonAction, Place, Turn } from '../core/conversation/turn.js';
import type { SlackTarget } from './slack-outbox.js';
import { FEEDBACK_ACTION, POST_TO_CHANNEL_ACTION } from './render-answer.js';
import { SUMMARY_APPROVE_ACTION, SUMMARY_DISCARD_ACTION, SUMMARY_GROUP_ACTION, SUMMARY_REGENERATE_ACTION } from './render-summary.js';

/**
 * Slack payloads as conversation turns: pure functions of what Slack sent (so a stored payload can
 * be processed again by any replica). Each returns the turn and where to reply, or undefined for a
 * payload that is not a turn (a bot's message, an unknown button).
 */
export interface SlackTurn {
  turn: Turn;
  target: Omit<SlackTarget, 'respond'>;
}

/** D… ids are DMs; C… and G… (private channels, group DMs) are rooms whose registration and readers the core checks. */
const isDm = (channel: string) => channel.startsWith('D');

function place(channel: string, workspace: string | null, threadTs?: string): Place {
  const address: ConversationAddress = { platform: 'slack', workspace, conversationId: channel };
  return isDm(channel)
    ? { kind: 'dm', address, ...(threadTs ? { threadId: threadTs } : {}) }
    : { kind: 'room', address, roomKind: 'channel', ...(threadTs ? { threadId: threadTs } : {}) };
}

/** The bot's own `<@U…>` mention taken out of a question. */
export function stripMention(text: string | undefined, botUserId: string | undefined): string {
  const all = text ?? '';
  return (botUserId ? all.replaceAll(`<@${botUserId}>`, '') : all.replace(/^\s*<@[A-Z0-9]+>/, '')).trim();
}

export interface SlackMessageEvent {
  user: string;
  text?: string;
  channel: string;
  channel_type?: string;
  ts: string;
  thread_ts?: string;
  team?: string;
  /** The user's home workspace in a Slack Connect channel. */
  user_team?: string;
}

/**
 * A question: a DM (or assistant thread), a mention (answered in its thread), or a thread follow-up
 * without a mention (answered only in a thread the bot already answered in).
 */
export function questionTurn(
  event: SlackMessageEvent,
  kind: 'dm' | 'mention' | 'thread',
  context: { teamId?: string; botUserId?: string },
): SlackTurn {
  const workspace = context.teamId ?? event.team ?? null;
  // A mention starts a thread; so does a top-level DM (the Messages tab's too): it is answered, and streams, there.
  const threadTs = kind === 'thread' ? event.thread_ts : (event.thread_ts ?? event.ts);
  const text = kind === 'mention' ? stripMention(event.text, context.botUserId) : (event.text ?? '').trim();
  return {
    turn: {
      who: { platform: 'slack', workspace: event.user_team ?? event.team ?? workspace, userId: event.user },
      where: place(event.channel, workspace, threadTs),
      what: { kind: 'question', text, ...(kind === 'thread' ? { onlyInKnownThread: true } : {}) },
    },
    target: {
      channel: event.channel,
      isDm: isDm(event.channel),
      ...(threadTs ? { threadTs } : {}),
      userId: event.user,
      ...(workspace ? { teamId: workspace } : {}),
      questionTs: event.ts,
    },
  };
}

export interface SlackCommand {
  text: string;
  team_id: string;
  user_id: string;
  channel_id: string;
  user_team?: string;
}

/** `/compact <verb> …`: the one command grammar is the core's. */
export function commandTurn(command: SlackCommand): SlackTurn {
  return {
    turn: {
      who: { platform: 'slack', workspace: command.user_team ?? command.team_id, userId: command.user_id },
      where: place(command.channel_id, command.team_id),
      what: { kind: 'command', text: command.text },
    },
    target: { channel: command.channel_id, isDm: isDm(command.channel_id), userId: command.user_id, teamId: command.team_id },
  };
}

const ACTIONS: Record<string, ButtonAction | 'feedback'> = {
  [FEEDBACK_ACTION]: 'feedback',
  [POST_TO_CHANNEL_ACTION]: 'share',
  [SUMMARY_APPROVE_ACTION]: 'approve',
  [SUMMARY_REGENERATE_ACTION]: 'regenerate',
  [SUMMARY_DISCARD_ACTION]: 'discard',
  [SUMMARY_GROUP_ACTION]: 'choose-group',
};

export interface SlackActionBody {
  user: { id: string; team_id?: string };
  team?: { id: string } | null;
  channel?: { id: string };
}

/**
 * A click. The conversation is the one Slack says the click came from (never a value in the button);
 * the value is only the core's opaque token (feedback: `up:<token>` / `down:<token>`).
 */
export function actionTurn(actionId: string, value: string, body: SlackActionBody): SlackTurn | undefined {
  const mapped = ACTIONS[actionId];
  if (!mapped) return undefined;
  let action: ButtonAction = mapped === 'feedback' ? 'feedback-up' : mapped;
  let token = value;
  if (mapped === 'feedback') {
    const [rating, rest] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
    if (rating !== 'up' && rating !== 'down') return undefined;
    action = rating === 'up' ? 'feedback-up' : 'feedback-down';
    token = rest;
  }
  const workspace = body.team?.id ?? body.user.team_id ?? null;
  // A click in App Home has no channel: it is the member's own, private place.
  const channel = body.channel?.id ?? `D-home-${body.user.id}`;
  return {
    turn: {
      who: { platform: 'slack', workspace: body.user.team_id ?? workspace, userId: body.user.id },
      where: place(channel, workspace),
      what: { kind: 'button', action, token },
    },
    target: { channel, isDm: isDm(channel), userId: body.user.id, ...(workspace ? { teamId: workspace } : {}) },
  };
}
