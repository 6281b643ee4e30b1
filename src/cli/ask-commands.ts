import type { Command } from 'commander';
import { answerQuestion } from '../core/answering/answer-question.js';
import { createEmbedder } from '../llm/embedder.js';
import { createAnswerDependencies } from '../retrieval/create-search-chunks.js';
import { memberExists, resolveAskContext } from './access-commands.js';
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
        // An id that is not in the directory is treated like an unlinked chat identity: no documents.
        const memberId = (await memberExists(db, options.as)) ? options.as : null;
        const deps = await createAnswerDependencies(db, { embedder: createEmbedder(config.llm), logger });
        const result = await answerQuestion(deps, { memberId, context, question, platform: 'cli' });
        print(
          { answerable: result.answerable, answer: result.answer, citations: result.citations, context: result.context },
          () => result.answer,
        );
      });
    });
}
