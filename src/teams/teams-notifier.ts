import { setTimeout as sleep } from 'node:timers/promises';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationParameters,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { retryAfterPolicy } from './retry-after-policy.js';
import type { TeamsReferenceStore } from './teams-reference-store.js';
import type { ReminderPost, ReminderSender, SendResult } from '../core/reminders/reminder-sender.js';

/**
 * Proactive posts into Teams channels, each as a new thread, through botbuilder's CloudAdapter. The
 * team's service URL and tenant come from a conversation reference stored when the bot was installed
 * or spoken to there. An empty app id disables auth: for local runs and tests only.
 */

export interface TeamsNotifierOptions {
  /** Where the team's service URL and tenant come from (src/app wires it over the database). */
  references: Pick<TeamsReferenceStore, 'findTeam'>;
  teams: Config['teams'];
  logger?: Logger;
  /** Reuse the app's adapter when it exists; otherwise one is built from `teams`. */
  adapter?: CloudAdapter;
  /** Used when no reference is stored for a team (e.g. https://smba.trafficmanager.net/teams/). */
  defaultServiceUrl?: string;
  perChannelIntervalMs?: number;
}

export interface TeamsNotifier extends ReminderSender {
  readonly adapter: CloudAdapter;
  /** Starts a new thread in `channelId` of `teamId` with `text`; returns the new activity id. */
  postToChannel(teamId: string, channelId: string, text: string): Promise<SendResult>;
}

export function createTeamsAdapter(teams: Config['teams'], options: { logger?: Logger } = {}): CloudAdapter {
  return new CloudAdapter(createTeamsAuthentication(teams, options));
}

/** Checks inbound tokens and signs outbound Connector calls; the router authenticates with it before any turn runs. */
export function createTeamsAuthentication(
  teams: Config['teams'],
  options: { logger?: Logger } = {},
): ConfigurationBotFrameworkAuthentication {
  // The credential keys are read by the credential factory from the same object, outside the typed options.
  const settings = {
    MicrosoftAppId: teams.appId ?? '',
    MicrosoftAppPassword: teams.appPassword ?? '',
    MicrosoftAppType: teams.appType,
    MicrosoftAppTenantId: teams.tenantId ?? '',
  } as ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0];
  // Outbound Connector calls honour Retry-After (429/412/502/503/504) through our one retry policy.
  const retry = retryAfterPolicy({
    onRetry: (info) => options.logger?.warn(info, 'bot connector asked us to retry; waiting'),
  });
  const connectorClientOptions = {
    noRetryPolicy: true,
    requestPolicyFactories: (defaults: unknown[]) => [retry, ...defaults],
  } as unknown as ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[4];
  return new ConfigurationBotFrameworkAuthentication(settings, undefined, undefined, undefined, connectorClientOptions);
}

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
  body?: unknown;
}

function classify(error: unknown): SendResult {
  const e = error as RestErrorLike;
  const status = e.statusCode;
  // 403: bot removed from the team / not allowed in the channel; 404: channel or conversation gone;
  // 401: our credentials are rejected. None improves by retrying the same delivery.
  const permanent = status === 401 || status === 403 || status === 404 || status === 400;
  return {
    ok: false,
    permanent,
    // No HTTP answer (timeout, reset): the Connector may have created the thread.
    ...(status === undefined ? { uncertain: true } : {}),
    error: `teams: ${status ? `HTTP ${status} ` : ''}${(e.message ?? e.code ?? 'request failed').slice(0, 300)}`,
  };
}

export function createTeamsNotifier(options: TeamsNotifierOptions): TeamsNotifier {
  const adapter = options.adapter ?? createTeamsAdapter(options.teams);
  const appId = options.teams.appId ?? '';
  const interval = options.perChannelIntervalMs ?? 250;
  const lanes = new Map<string, Promise<unknown>>();

  /** Serialises posts to one channel with a small gap (Teams throttles per conversation). */
  function inChannel<T>(channelId: string, work: () => Promise<T>): Promise<T> {
    const run = (lanes.get(channelId) ?? Promise.resolve()).then(async () => {
      try {
        return await work();
      } finally {
        await sleep(interval);
      }
    });
    lanes.set(
      channelId,
      run.catch(() => undefined),
    );
    return run;
  }

  async function referenceFor(teamId: string, channelId: string): Promise<Partial<ConversationReference> | undefined> {
    const stored = await options.references.findTeam(teamId, channelId);
    if (stored) return stored.reference as Partial<ConversationReference>;
    if (!options.defaultServiceUrl) return undefined;
    return {
      channelId: 'msteams',
      serviceUrl: options.defaultServiceUrl,
      conversation: { id: channelId, isGroup: true, conversationType: 'channel', name: '', tenantId: options.teams.tenantId },
      bot: { id: appId, name: '' },
    };
  }

  async function postToChannel(teamId: string, channelId: string, text: string): Promise<SendResult> {
    const reference = await referenceFor(teamId, channelId);
    if (!reference?.serviceUrl) {
      return {
        ok: false,
        permanent: true,
        error: `teams: no conversation reference stored for team ${teamId}; install the app in that team (or set TEAMS_SERVICE_URL)`,
      };
    }
    return inChannel(channelId, async () => {
      let result: SendResult = { ok: false, permanent: false, error: 'teams: the proactive turn did not run' };
      try {
        await adapter.continueConversationAsync(appId, reference, async (context: TurnContext) => {
          // Errors thrown here would go to onTurnError and be swallowed: catch them and report.
          try {
            // The same request TeamsInfo.sendMessageToTeamsChannel makes (POST /v3/conversations with
            // channelData.channel.id), issued through the turn's connector directly: TeamsInfo needs a
            // non-empty app id on CloudAdapter and then returns the conversation id as the activity id.
            const connector = context.turnState.get<ConnectorClient>(adapter.ConnectorClientKey);
            const tenantId = reference.conversation?.tenantId ?? options.teams.tenantId;
            const parameters: ConversationParameters = {
              isGroup: true,
              bot: { id: appId, name: reference.bot?.name ?? '' },
              channelData: { channel: { id: channelId }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
              activity: { type: 'message', text, textFormat: 'plain' } as ConversationParameters['activity'],
              ...(tenantId ? { tenantId } : {}),
              members: [],
            };
            const response = await connector.conversations.createConversation(parameters);
            result = { ok: true, messageId: response.activityId ?? response.id ?? null };
          } catch (error) {
            result = classify(error);
          }
        });
      } catch (error) {
        result = classify(error);
      }
      if (!result.ok) options.logger?.warn({ teamId, channelId, error: result.error }, 'teams post failed');
      return result;
    });
  }

  return {
    platform: 'teams',
    adapter,
    postToChannel,
    send(post: ReminderPost) {
      if (!post.teamId) return Promise.resolve({ ok: false, permanent: true, error: 'teams: target has no team id' });
      return postToChannel(post.teamId, post.channelId, post.text);
    },
    // The Bot Connector cannot read a channel back (no findExistingPost): the dispatcher marks the
    // delivery before posting and skips, rather than repeats, one interrupted between post and mark.
  };
}
