import { message } from '../messages/index.js';
import type { AskContext } from '../types.js';
import { answerPrivately, handleQuestion } from './handle-question.js';
import { handleSummaryCommand } from './handle-summary.js';
import { readRoom } from './room-audience.js';
import { say, sayLine, type TurnContext } from './turn-context.js';

/** The one command grammar of every surface: `<verb> <argument>`. */
export type Command =
  { verb: 'help' } | { verb: 'ask'; question: string } | { verb: 'summary'; argument: string } | { verb: 'reminders' } | { verb: 'scope' };

const VERBS = new Set(['help', 'ask', 'summary', 'reminders', 'scope']);

/** Parses a command line (`/compact …` in Slack, a typed command in Teams); anything else is help. */
export function parseCommand(text: string): Command {
  const [first = 'help', ...rest] = text.trim().split(/\s+/);
  const verb = first.toLowerCase();
  const argument = rest.join(' ').trim();
  if (!VERBS.has(verb) || verb === 'help') return { verb: 'help' };
  if (verb === 'ask') return { verb: 'ask', question: argument };
  if (verb === 'summary') return { verb: 'summary', argument };
  return verb === 'reminders' ? { verb: 'reminders' } : { verb: 'scope' };
}

/** True when a typed line starts with a command verb (adapters whose commands are typed, like Teams). */
export function isCommandLine(text: string): boolean {
  const first = text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return VERBS.has(first);
}

export async function handleCommand(ctx: TurnContext, text: string): Promise<void> {
  const command = parseCommand(text);
  switch (command.verb) {
    case 'help':
      return void (await sayLine(ctx, message('chat.help', ctx.language)));
    case 'ask':
      return askByCommand(ctx, command.question);
    case 'summary':
      return handleSummaryCommand(ctx, command.argument);
    case 'reminders':
      return listReminders(ctx);
    case 'scope':
      return listScope(ctx);
  }
}

/** `ask <q>`: the asker's own scope, privately; in a working group's channel, with Post to channel. */
async function askByCommand(ctx: TurnContext, question: string): Promise<void> {
  if (!question) return void (await sayLine(ctx, message('chat.empty_question', ctx.language)));
  if (ctx.turn.where.kind === 'dm') return handleQuestion(ctx, question);
  const inGroupRoom = (await ctx.deps.store.workingGroupOf(ctx.turn.where.address)) !== null;
  await answerPrivately(ctx, question, { offerShare: inGroupRoom });
}

/** The next reminders of this conversation, else of the member's working groups. No document text. */
async function listReminders(ctx: TurnContext): Promise<void> {
  const { store } = ctx.deps;
  const now = ctx.deps.now?.() ?? new Date();
  let items = ctx.turn.where.kind === 'room' ? await store.nextReminders({ address: ctx.turn.where.address }, now) : [];
  if (items.length === 0) {
    const groupIds = ((await store.profile(ctx.memberId))?.workingGroups ?? []).map((g) => g.id);
    items = await store.nextReminders({ groupIds }, now);
  }
  await say(ctx, { kind: 'asker' }, { kind: 'reminders', items, language: ctx.language });
}

/** "What can I see": titles and kinds of the documents usable for the asker here, privately. */
async function listScope(ctx: TurnContext): Promise<void> {
  const context = await scopeHere(ctx);
  const documents = await ctx.deps.store.scopedDocuments({ memberId: ctx.memberId, context });
  await say(ctx, { kind: 'asker' }, { kind: 'scope', documents, language: ctx.language });
}

/** The scope a question here would be answered from in the room: the room's, when it may have one; else the asker's. */
async function scopeHere(ctx: TurnContext): Promise<AskContext> {
  const where = ctx.turn.where;
  if (where.kind === 'dm') return { kind: 'dm' };
  const workingGroupId = await ctx.deps.store.workingGroupOf(where.address);
  if (!workingGroupId) return { kind: 'dm' };
  const audience = await readRoom(ctx.deps, where.address);
  return audience.kind === 'readers' ? { kind: 'channel', workingGroupId, readerIds: audience.readerIds } : { kind: 'dm' };
}
