import type { TurnContext } from 'botbuilder';
import { message } from '../../core/messages/index.js';
import { cleanText } from '../teams-activity.js';
import type { TeamsBotDeps } from '../teams-bot-deps.js';
import { identify } from '../teams-identity.js';
import { askQuestion } from './ask-question.js';
import { remindersCommand } from './reminders-command.js';
import { summaryCommand } from './summary-command.js';

const COMMANDS = new Set(['ask', 'summary', 'reminders', 'help']);

/** A message: a command word first (help, summary, reminders, ask), anything else is a question. */
export async function onMessage(deps: TeamsBotDeps, context: TurnContext): Promise<void> {
  const asker = await identify(deps, context.activity);
  const text = cleanText(context.activity);
  const [first = '', ...rest] = text.split(' ');
  const command = COMMANDS.has(first.toLowerCase()) ? first.toLowerCase() : 'ask';
  const args = command === 'ask' && !COMMANDS.has(first.toLowerCase()) ? text : rest.join(' ').trim();
  switch (command) {
    case 'help':
      await context.sendActivity(message('chat.help', asker.language));
      return;
    case 'summary':
      return summaryCommand(deps, context, asker, args);
    case 'reminders':
      return remindersCommand(deps, context, asker);
    default:
      return askQuestion(deps, context, asker, args);
  }
}
