/**
 * The import rule of src/, as an allow-list: every import must match one rule below, anything else
 * fails `npm run lint` ("not-in-allowed"). Read top to bottom, it is the architecture:
 *
 *   composition root   src/main.ts, src/cli.ts, src/cli/**, src/app/**, src/eval/cli.ts
 *        │  builds the concrete things (drivers, model clients, adapters) and wires them
 *        ▼
 *   adapters           src/slack, src/teams, src/web: translate a platform to core and back;
 *        │             never each other, never a driver
 *        ▼
 *   services           src/db/queries (SQL), src/ingest (files), src/llm (model clients),
 *        │             src/scheduler (dispatchers), src/eval (scoring)
 *        ▼
 *   core               src/core: the rules; only core, src/errors.ts, luxon, cron-parser and damerau-levenshtein
 *
 * beside them the leaves everyone may use: src/errors.ts, src/config.ts, src/logger.ts,
 * src/version.ts, src/observability. Drivers (the PGlite and pg drivers, open-database.ts, the
 * packages pg, @electric-sql/* and openai) are imported by their own module and by the
 * composition root only.
 */

/** Modules that hold a concrete connection or client: only the composition root picks one. */
const DRIVER_MODULES = '^src/db/(pg-driver|pglite-driver|open-database|folder-lock)\\.ts$|^src/db/pglite-thread\\.mjs$';
/** npm packages behind those drivers. */
const DRIVER_PACKAGES = 'node_modules/(pg|pg-[a-z-]+|@electric-sql/[^/]+|openai)/';

const CORE = '^src/core/';
const LEAVES = ['^src/errors\\.ts$', '^src/config\\.ts$', '^src/logger\\.ts$', '^src/version\\.ts$', '^src/observability/'];
const DB_PORT = ['^src/db/database\\.ts$', '^src/db/migrate\\.ts$'];
const QUERIES = '^src/db/queries/';

/** A production dependency from package.json (never a devDependency), other than a driver's. */
const npmPackage = { dependencyTypes: ['npm'], pathNot: DRIVER_PACKAGES };
/** node:fs, node:path, …: for the layers that touch files, processes or sockets. */
const nodeBuiltin = { dependencyTypes: ['core'] };

module.exports = {
  allowed: [
    {
      comment:
        'core is platform-neutral: core, errors and pure libraries (two of dates, one of edit distance), nothing else (no node: modules either)',
      from: { path: CORE },
      to: { path: [CORE, '^src/errors\\.ts$', 'node_modules/(@types/)?(luxon|cron-parser|damerau-levenshtein)/'] },
    },
    {
      comment: 'the leaves: errors depend on nothing; config on errors and zod; logger on pino; metrics on prom-client',
      from: { path: LEAVES },
      to: { path: ['^src/errors\\.ts$', 'node_modules/(zod|pino|prom-client)/'] },
    },
    { comment: 'version.ts reads package.json', from: { path: '^src/version\\.ts$' }, to: nodeBuiltin },

    {
      comment: 'the database port, the migration runner and the typed queries: SQL over the port, with core types',
      from: { path: [...DB_PORT, QUERIES] },
      to: { path: [CORE, '^src/errors\\.ts$', ...DB_PORT, QUERIES] },
    },
    { comment: 'the migration runner reads migrations/', from: { path: DB_PORT }, to: nodeBuiltin },
    {
      comment: 'the drivers implement the database port over PGlite (behind our folder lock) and pg, and log connection loss',
      from: { path: DRIVER_MODULES },
      to: { path: [DRIVER_MODULES, '^src/db/database\\.ts$', ...LEAVES, DRIVER_PACKAGES] },
    },
    { from: { path: DRIVER_MODULES }, to: npmPackage },
    { from: { path: DRIVER_MODULES }, to: nodeBuiltin },

    {
      comment: 'ingestion parses files and writes documents through the queries',
      from: { path: '^src/ingest/' },
      to: { path: ['^src/ingest/', CORE, '^src/errors\\.ts$', '^src/db/database\\.ts$', QUERIES] },
    },
    { from: { path: '^src/ingest/' }, to: npmPackage },
    { from: { path: '^src/ingest/' }, to: nodeBuiltin },

    {
      comment: 'model integration: the openai client, prompts and the LangChain retriever, implementing core ports',
      from: { path: '^src/llm/' },
      to: { path: ['^src/llm/', CORE, ...LEAVES, 'node_modules/openai/'] },
    },
    { from: { path: '^src/llm/' }, to: npmPackage },
    { from: { path: '^src/llm/' }, to: nodeBuiltin },

    {
      comment: 'the dispatchers: schedules and claims over the queries, sending through core ports',
      from: { path: '^src/scheduler/' },
      to: { path: ['^src/scheduler/', CORE, ...LEAVES, '^src/db/database\\.ts$', QUERIES] },
    },
    { from: { path: '^src/scheduler/' }, to: npmPackage },
    { from: { path: '^src/scheduler/' }, to: nodeBuiltin },

    {
      comment: 'the evaluation scores answers; its entry point (src/eval/cli.ts) is part of the composition root',
      from: { path: '^src/eval/' },
      to: { path: ['^src/eval/', CORE, '^src/errors\\.ts$', '^src/ingest/'] },
    },
    { from: { path: '^src/eval/' }, to: npmPackage },
    { from: { path: '^src/eval/' }, to: nodeBuiltin },

    {
      comment:
        "Slack, Teams and the playground use their own folder, core and the leaves: every rule is the conversation core's, and the database is reached only through its ports (issue 19.1); never another adapter, never a driver",
      from: { path: '^src/(slack|teams|web)/' },
      to: { path: ['^src/$1/', CORE, ...LEAVES, ...DB_PORT] },
    },
    {
      comment: 'adapters may name the contracts they are handed (AnswerService, MessageWithdrawer, …), as types only',
      from: { path: '^src/(slack|teams|web)/' },
      to: { path: ['^src/app/', '^src/scheduler/'], dependencyTypes: ['type-only'] },
    },
    { from: { path: '^src/(slack|teams|web)/' }, to: npmPackage },
    { from: { path: '^src/(slack|teams|web)/' }, to: nodeBuiltin },
    {
      comment: "Block Kit types from @slack/types, the package Bolt's own types are built on",
      from: { path: '^src/slack/' },
      to: { path: 'node_modules/@slack/types/' },
    },
    {
      comment: "botbuilder's own connector package (a dependency of botbuilder, not of ours)",
      from: { path: '^src/teams/' },
      to: { path: 'node_modules/botframework-connector/' },
    },

    {
      comment: 'the composition root may import anything in src and any production package: it is where things are built',
      from: { path: ['^src/main\\.ts$', '^src/cli\\.ts$', '^src/cli/', '^src/app/', '^src/eval/cli\\.ts$'] },
      to: { path: '^src/' },
    },
    {
      from: { path: ['^src/main\\.ts$', '^src/cli\\.ts$', '^src/cli/', '^src/app/', '^src/eval/cli\\.ts$'] },
      to: { dependencyTypes: ['npm'] },
    },
    { from: { path: ['^src/main\\.ts$', '^src/cli\\.ts$', '^src/cli/', '^src/app/', '^src/eval/cli\\.ts$'] }, to: nodeBuiltin },
  ],
  allowedSeverity: 'error',

  forbidden: [
    {
      name: 'no-unresolvable',
      comment: 'an import that resolves to no file is a typo or a missing dependency',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],

  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type from a driver in core is a dependency on it all the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
