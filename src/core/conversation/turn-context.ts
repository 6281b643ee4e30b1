import { languageFromLocale, message } from '../messages/index.js';
import type { Language } from '../retrieval/retrieved-chunk.js';
import type { ConversationDeps } from './conversation-service.js';
import { BUTTON_TOKEN_TTL_MS, type ButtonGrant } from './conversation-store.js';
import type { ConversationAddress } from './roster-reader.js';
import type { Outbox, Posted, Recipient, Reply, ReplyBody, Turn } from './turn.js';

/** One turn being handled: the member behind it, the reply language, and the replies sent so far. */
export interface TurnContext {
  deps: ConversationDeps;
  turn: Turn;
  outbox: Outbox;
  memberId: string;
  language: Language;
  /** The platform name audit rows use: 'slack', 'teams', 'web'. */
  auditPlatform: string;
  sent: Reply[];
}

export function auditPlatformOf(turn: Turn): string {
  return turn.who.platform === 'playground' ? 'web' : turn.who.platform;
}

/** The turn's conversation. */
export function addressOf(turn: Turn): ConversationAddress {
  return turn.where.address;
}

/**
 * The language to reply in when all we have is what the member typed: detected when there is enough
 * text to tell (a bare "Valdoria" reads as Spanish to a trigram detector), else the client's locale, else English.
 */
export function languageOfText(deps: Pick<ConversationDeps, 'detectLanguage'>, text: string, locale?: string): Language {
  const fallback = languageFromLocale(locale) ?? 'en';
  if (text.trim().split(/\s+/).length < 4) return fallback;
  return deps.detectLanguage(text, fallback);
}

/** Sends one reply through the adapter and keeps it in the turn's record. */
export async function say(
  ctx: Pick<TurnContext, 'outbox' | 'sent'>,
  to: Recipient,
  body: ReplyBody,
  replacesOrigin = false,
): Promise<Posted> {
  const reply: Reply = { to, body, ...(replacesOrigin ? { replacesOrigin } : {}) };
  const result = await ctx.outbox.send(reply);
  ctx.sent.push(reply);
  return result ?? {};
}

export function sayLine(
  ctx: Pick<TurnContext, 'outbox' | 'sent' | 'language'>,
  text: string,
  options: { to?: Recipient; replacesOrigin?: boolean } = {},
) {
  return say(ctx, options.to ?? { kind: 'asker' }, { kind: 'line', text, language: ctx.language }, options.replacesOrigin);
}

export function issue(ctx: Pick<TurnContext, 'deps'>, grant: ButtonGrant): Promise<string> {
  return ctx.deps.store.issueToken(grant);
}

/**
 * The grant behind a clicked button's token, or undefined for a token we never issued (or pruned).
 * An expired one (BUTTON_TOKEN_TTL_MS) does nothing: the member is told so in their language, the
 * click is logged, and null says the turn is answered.
 */
export async function grantOf(ctx: TurnContext, token: string): Promise<ButtonGrant | undefined | null> {
  const found = await ctx.deps.store.resolveToken(token, BUTTON_TOKEN_TTL_MS);
  if (!found?.expired) return found?.grant;
  const action = ctx.turn.what.kind === 'button' ? ctx.turn.what.action : undefined;
  ctx.deps.log?.info(
    { platform: ctx.turn.who.platform, memberId: ctx.memberId, action, grant: found.grant.kind },
    'expired button clicked',
  );
  await sayLine(ctx, message('chat.button_expired', ctx.language, { days: BUTTON_TOKEN_TTL_MS / 86_400_000 }));
  return null;
}

/** Same conversation (platform and id; the workspace is the platform's to vouch for). */
export function sameConversation(a: ConversationAddress, b: ConversationAddress): boolean {
  return a.platform === b.platform && a.conversationId === b.conversationId;
}
