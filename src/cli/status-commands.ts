import type { Command } from 'commander';
import { describeDatabase } from '../config.js';
import { migrate, loadMigrations } from '../db/migrate.js';
import { collectDatabaseStatus } from '../db/queries/status.js';
import { withCli } from './context.js';
import { describeEgressRule } from '../core/answering/egress.js';
import { isChatModelConfigured } from '../llm/openai-chat-model.js';

export function registerStatusCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (every command also does this first)')
    .action(async (_options: unknown, command: Command) => {
      await withCli(command, async ({ db, print, config }) => {
        // withCli has migrated already; running again reports the level and proves it idempotent.
        const report = await migrate(db);
        const available = loadMigrations().length;
        print(
          { database: describeDatabase(config.database), level: report.level, available },
          () => `${describeDatabase(config.database)} is at migration level ${report.level} (${available} migrations known).`,
        );
      });
    });

  program
    .command('status')
    .description('database kind and location, migration level, counts')
    .action(async (_options: unknown, command: Command) => {
      await withCli(command, async ({ db, print, config }) => {
        const status = await collectDatabaseStatus(db);
        const data = {
          database: { kind: db.kind, location: db.location },
          migrationLevel: status.migrationLevel,
          vectorSearch: status.vectorSearch,
          counts: status.counts,
          llm: llmStatus(config.llm),
        };
        print(data, () => {
          const c = status.counts;
          return [
            `Database:        ${describeDatabase(config.database)}`,
            `Migration level: ${status.migrationLevel}`,
            `Vector search:   ${status.vectorSearch ? 'available (pgvector)' : 'not available; lexical search only'}`,
            `Directory:       ${c.entities} entities, ${c.workingGroups} working groups, ${c.memberStates} Member States, ${c.members} members, ${c.chatIdentities} chat identities, ${c.channels} channels`,
            `Documents:       ${c.documents} documents, ${c.chunks} chunks`,
            `Reminders:       ${c.reminders}`,
            `Audit log:       ${c.auditEntries} entries`,
            `Language model:  ${data.llm.configured ? `${data.llm.model} (${data.llm.egress})` : 'none (extractive answers)'}`,
            `Egress rule:     ${data.llm.rule}`,
          ].join('\n');
        });
      });
    });
}

/** The model in use and the egress rule in words: restricted text goes only to an internal endpoint. */
function llmStatus(llm: import('../config.js').Config['llm']) {
  const configured = isChatModelConfigured(llm);
  return {
    configured,
    model: configured ? (llm.azure ? `Azure deployment ${llm.azure.deployment}` : (llm.model ?? null)) : null,
    egress: llm.egress,
    rule: describeEgressRule(configured ? llm.egress : null),
  };
}
