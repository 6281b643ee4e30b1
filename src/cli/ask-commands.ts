import type { Command } from 'commander';
import { answerQuestion } from '../core/answering/answer-question.js';
import { answerQuestionWithModel } from '../core/answering/answer-question-with-model.js';
import { createEmbedder } from '../llm/embedder.js';
import { createChatModel } from '../llm/openai-chat-model.js';
import { loadPromptLibrary } from '../llm/prompt-library.js';
import { detectLanguage } from '../ingest/detect-language.js';
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
        // With a chat model configured the model writes the answer (cited, checked, extractive on failure).
        const model = createChatModel(config.llm, { logger });
        const request = { memberId, context, question, platform: 'cli' };
        const result = model
          ? await answerQuestionWithModel(
              { ...deps, model, prompts: loadPromptLibrary(), log: logger, detectLanguage, rewriteQuery: config.llm.queryRewrite },
              request,
            )
          : await answerQuestion(deps, request);
        print(
          { answerable: result.answerable, answer: result.answer, citations: result.citations, context: result.context },
          () => result.answer,
        );
      });
    });
}
