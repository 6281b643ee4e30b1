/**
 * Glossary
 * - member: a person in the directory (`mbr-…`), who chats with the bot through one or more chat identities.
 * - entity: the UN entity or partner organisation a member works for (CTED, UNOCT, UNODC…); documents have an owner entity.
 * - working group: one of the Compact's thematic groups (`wg-…`); members belong to it as chair, co-chair or member.
 * - Member State: the country a document is about (`valdoria`…); null for general documents.
 * - consent: the Member State's (or owner's) decision to share a document: granted, withheld, pending or revoked.
 * - audience: whom a granted consent opens the document to: the whole Compact, named entities, or named working groups.
 * - scope: the set of documents usable in one context — a member's own visibility in a DM, or in a working-group
 *   channel the documents that every member of the group may see.
 * - chunk: a passage of a document, the unit that retrieval ranks, the model reads and answers cite.
 */

export type Platform = 'slack' | 'teams';
export type Role = 'chair' | 'co-chair' | 'member';

export interface MemberProfile {
  id: string;
  name: string;
  entityId: string;
  entityAcronym: string;
  title: string | null;
  email: string | null;
  workingGroups: { id: string; name: string; role: Role }[];
  identities: { platform: Platform; workspaceId: string; externalId: string }[];
}

/**
 * Where a question is asked: a private conversation, or a working group's channel. In a channel the
 * scope is what every member of the group may see and, when `readerIds` is given (the room's actual
 * readers, mapped through the directory by the conversation core), what every one of them may see too.
 */
export type AskContext = { kind: 'dm' } | { kind: 'channel'; workingGroupId: string; readerIds?: readonly string[] };

export function formatContext(context: AskContext): string {
  return context.kind === 'dm' ? 'dm' : `channel:${context.workingGroupId}`;
}

/** The inverse of formatContext: 'dm' | 'channel:<wg-id>' as written in audit rows and eval items. */
export function parseContext(context: string): AskContext {
  return context.startsWith('channel:') ? { kind: 'channel', workingGroupId: context.slice('channel:'.length) } : { kind: 'dm' };
}
