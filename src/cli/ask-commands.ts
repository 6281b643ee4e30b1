import type { Command } from 'commander';
import { createAnswerService } from '../app/create-answer-service.js';
import { resolveAskContext } from './access-commands.js';
import { withCli } from './context.js';

export function registerAskCommands(program: Command): void {
  program
    .command('ask')
    .description('ask a question as a member, answered only from the documents they may use (extractive without an LLM)')
    .requiredOption('--as <member-id>', 'the member asking, e.g. mbr-hokonkwo')
    .option('--channel <wg-id>', "ask in a working group's channel: only documents every member of the group may see")
    .argument('<question>')
    .action(async (question: string, options: { as: string; channel?: string }, command: Command) => {
      await withCli(command, async ({ db, config, logger, print }) => {
        const context = await resolveAskContext(db, options.channel);
        // The same path as chat: scoped retrieval, the model when configured (cited, checked,
        // extractive on failure), an audit row. An id not in the directory sees no documents.
        const answer = await createAnswerService(db, config, logger);
        const result = await answer({ memberId: options.as, context, question, platform: 'cli' });
        print(
          { answerable: result.answerable, answer: result.answer, citations: result.citations, context: result.context },
          () => result.answer,
        );
      });
    });
}
