import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { TeamsBotDeps } from './teams-bot-deps.js';
import { saveReference } from './teams-conversations.js';
import { invokeResponse } from './teams-replies.js';
import { friendlyError } from './handlers/friendly-error.js';
import { onCardAction, onFeedback, onMessage } from './handlers/on-turn.js';
import { onConversationUpdate } from './handlers/on-conversation-update.js';

/**
 * The Teams bot: routes each activity /api/messages receives to the one handler for its kind
 * (handlers/). Handlers translate Teams (conversation types, mentions, cards, invokes) into turns of
 * the conversation core and render its replies; they hold no rules of their own.
 */

export type TeamsBotOptions = Omit<TeamsBotDeps, 'streamIntervalMs'> & { streamIntervalMs?: number };

export interface TeamsBot {
  handle(context: TurnContext): Promise<void>;
}

type Handler = (deps: TeamsBotDeps, context: TurnContext) => Promise<void>;

/** Invokes by name; anything else gets 501 so Teams shows the member it is not supported. */
const INVOKES: Record<string, Handler> = {
  'message/submitAction': onFeedback,
  'adaptiveCard/action': onCardAction,
};

/** Activities whose conversation reference is kept, so the bot can write there later. */
const REFERENCED = new Set<string>([ActivityTypes.Message, ActivityTypes.ConversationUpdate, ActivityTypes.InstallationUpdate]);

function route(activityType: string, invokeName: string | undefined): Handler | undefined {
  switch (activityType) {
    case ActivityTypes.Message:
      return onMessage;
    case ActivityTypes.ConversationUpdate:
      return onConversationUpdate;
    case ActivityTypes.Invoke:
      return INVOKES[invokeName ?? ''] ?? ((_deps, context) => invokeResponse(context, 501));
    default:
      // installationUpdate (reference kept above), typing, messageReaction…: nothing to do.
      return undefined;
  }
}

export function createTeamsBot(options: TeamsBotOptions): TeamsBot {
  const deps: TeamsBotDeps = { ...options, streamIntervalMs: options.streamIntervalMs ?? 1_000 };
  return {
    async handle(context: TurnContext): Promise<void> {
      const activity = context.activity;
      try {
        // A message reaches here once: durable-activities.ts recorded it under its id (Teams redelivers).
        if (REFERENCED.has(activity.type)) await saveReference(deps, activity);
        await route(activity.type, activity.name)?.(deps, context);
      } catch (error) {
        await friendlyError(deps, context, error);
      }
    },
  };
}
