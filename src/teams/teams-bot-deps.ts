import type { CloudAdapter } from 'botbuilder';
import type { ConversationService } from '../core/conversation/conversation-service.js';
import type { Logger } from '../logger.js';
import type { TeamsReferenceStore } from './teams-reference-store.js';

/** What every Teams activity handler is given. */
export interface TeamsBotDeps {
  references: TeamsReferenceStore;
  adapter: CloudAdapter;
  /** '' when authentication is off (local runs and tests). */
  appId: string;
  /** Every rule: the conversation core. Handlers turn activities into its turns and render its replies. */
  conversation: ConversationService;
  logger: Logger;
  /** True when a chat model streams answers: answers to one person stream in their 1:1 chat, others post once. */
  streaming: boolean;
  /** Minimum gap between streaming updates (Teams accepts about one a second). */
  streamIntervalMs: number;
}

/** The person a 1:1 chat is with: `(tenant, aadObjectId)`. */
export interface Asker {
  tenantId: string;
  aadObjectId: string | undefined;
}
