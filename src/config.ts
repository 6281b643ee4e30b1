import { z } from 'zod';
import { AppError } from './errors.js';

/**
 * The only reader of the environment. Parsed once at start; every problem is reported at once with a
 * hint, the way bolt-js reports constructor errors. `.env.example` documents each variable.
 */

const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = (hint: string) => z.preprocess(emptyToUndefined, z.url({ message: `must be a URL (${hint})` }).optional());
const booleanFlag = (fallback: boolean) =>
  z
    .preprocess(emptyToUndefined, z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional())
    .transform((value) => (value === undefined ? fallback : ['true', '1', 'yes'].includes(value)));
/** A comma-separated list of ids ("T0123, T0456"), empty when unset. */
const idList = z.preprocess(emptyToUndefined, z.string().optional()).transform((value) =>
  (value ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0),
);
const positiveInt = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().positive().optional()).transform((value) => value ?? fallback);

const schema = z.object({
  APP_MODE: z.preprocess(emptyToUndefined, z.enum(['local', 'production']).default('local')),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  DEMO_DATA: booleanFlag(true),
  PLAYGROUND: z.preprocess(emptyToUndefined, z.enum(['on', 'off', 'auto']).default('auto')),

  SLACK_BOT_TOKEN: z.preprocess(emptyToUndefined, z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_API_URL: optionalUrl('the Slack Web API base, e.g. https://slack.com/api/'),
  SLACK_APP_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().startsWith('xapp-', 'must be an app-level token starting with xapp- (Socket Mode)').optional(),
  ),
  // The Slack workspaces (team ids) whose people the directory may map; unset: only the bot's own.
  SLACK_WORKSPACE_IDS: idList,
  // The Microsoft Entra tenants whose people the directory may map; unset: only the conversation's own tenant.
  TEAMS_TENANT_IDS: idList,

  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: z.preprocess(emptyToUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant')),
  // Without an app id botbuilder checks no token at all: allowed only when asked for and on loopback.
  TEAMS_ALLOW_UNAUTHENTICATED: booleanFlag(false),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl('an OpenAI-compatible endpoint, e.g. http://localhost:11434/v1'),
  LLM_MODEL: optionalString,
  EMBEDDING_MODEL: optionalString,
  AZURE_OPENAI_ENDPOINT: optionalUrl('e.g. https://my-resource.openai.azure.com'),
  AZURE_OPENAI_API_KEY: optionalString,
  AZURE_OPENAI_DEPLOYMENT: optionalString,
  AZURE_OPENAI_API_VERSION: optionalString,
  LLM_EGRESS: z.preprocess(emptyToUndefined, z.enum(['external', 'internal']).default('external')),
  LLM_TIMEOUT_MS: positiveInt(30_000),
  LLM_MAX_RETRIES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(10).default(2)),
  LLM_CONTEXT_TOKENS: positiveInt(6_000),
  LLM_QUERY_REWRITE: booleanFlag(true),

  INGEST_MAX_FILE_MB: positiveInt(25),

  REMINDERS_ENABLED: booleanFlag(true),
  REMINDERS_TICK_SECONDS: z
    .preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .int()
        .refine(
          (n) => n >= 1 && (n < 60 ? 60 % n === 0 : n % 60 === 0 && 60 % (n / 60) === 0),
          'must divide a minute (1–30 s) or an hour (60–3600 s in whole minutes)',
        )
        .optional(),
    )
    .transform((value) => value ?? 15),
  REMINDERS_CLAIM_TTL_SECONDS: positiveInt(120),
  TEAMS_SERVICE_URL: optionalUrl(
    'the Bot Connector service URL used when no conversation reference is stored, e.g. https://smba.trafficmanager.net/teams/',
  ),
});

export type RawConfig = z.infer<typeof schema>;

export interface Config {
  mode: 'local' | 'production';
  host: string;
  port: number;
  logLevel: RawConfig['LOG_LEVEL'];
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | 'memory' };
  demoData: boolean;
  /** The playground impersonates members: `auto` mounts it only in local mode, on loopback, with no chat credentials. */
  playground: 'on' | 'off' | 'auto';
  /** appToken (xapp-…): Socket Mode instead of HTTP events. */
  /**
   * appToken (xapp-…): Socket Mode instead of HTTP events. workspaceIds: the Slack team ids whose
   * people the directory may map (empty: the workspace the bot is installed in).
   */
  slack: { botToken?: string; signingSecret?: string; apiUrl?: string; appToken?: string; workspaceIds?: string[] };
  teams: {
    appId?: string;
    appPassword?: string;
    tenantId?: string;
    appType: RawConfig['MICROSOFT_APP_TYPE'];
    serviceUrl?: string;
    /** Mount /api/messages without an app id (no token check): local runs on loopback only. */
    allowUnauthenticated?: boolean;
    /** The tenants whose people the directory may map (empty: the conversation's own tenant). */
    tenantIds?: string[];
  };
  llm: {
    apiKey?: string;
    baseUrl?: string;
    model?: string;
    embeddingModel?: string;
    azure?: { endpoint: string; apiKey?: string; deployment: string; apiVersion: string };
    egress: 'external' | 'internal';
    timeoutMs: number;
    maxRetries: number;
    /** Token budget for retrieved passages in one prompt. */
    contextTokens: number;
    /** Translate questions into the other UN languages for retrieval (one extra model call). */
    queryRewrite: boolean;
  };
  reminders: { enabled: boolean; tickIntervalMs: number; claimTtlMs: number };
  /** Per-file limit of `ingest`, in bytes. */
  ingest: { maxFileBytes: number };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
    }
  }
  const raw = parsed.success ? parsed.data : undefined;
  if (raw) {
    if (raw.SLACK_BOT_TOKEN && !raw.SLACK_SIGNING_SECRET) {
      problems.push(
        'SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set (Basic Information → App Credentials in your Slack app settings)',
      );
    }
    if (raw.SLACK_APP_TOKEN && !raw.SLACK_BOT_TOKEN) {
      problems.push(
        'SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN is set (Socket Mode still posts with the bot token, OAuth & Permissions)',
      );
    }
    if (raw.MICROSOFT_APP_ID && !raw.MICROSOFT_APP_PASSWORD && raw.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
      problems.push(
        "MICROSOFT_APP_PASSWORD: required when MICROSOFT_APP_ID is set (the client secret of the bot's Azure app registration)",
      );
    }
    if (raw.AZURE_OPENAI_ENDPOINT && !raw.AZURE_OPENAI_DEPLOYMENT) {
      problems.push('AZURE_OPENAI_DEPLOYMENT: required when AZURE_OPENAI_ENDPOINT is set (the deployment name of your model)');
    }
    if (raw.APP_MODE === 'production' && !raw.DATABASE_URL) {
      problems.push('DATABASE_URL: required when APP_MODE=production (the embedded database is for local use)');
    }
  }
  if (problems.length > 0 || !raw) {
    throw new AppError(
      'config.invalid',
      `Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable and its meaning.`,
      { exitCode: 2, detail: problems },
    );
  }
  return {
    mode: raw.APP_MODE,
    host: raw.HOST,
    port: raw.PORT,
    logLevel: raw.LOG_LEVEL,
    database: raw.DATABASE_URL ? { kind: 'postgres', url: raw.DATABASE_URL } : { kind: 'pglite', dataDir: raw.DATA_DIR },
    demoData: raw.DEMO_DATA,
    playground: raw.PLAYGROUND,
    slack: {
      botToken: raw.SLACK_BOT_TOKEN,
      signingSecret: raw.SLACK_SIGNING_SECRET,
      apiUrl: raw.SLACK_API_URL,
      appToken: raw.SLACK_APP_TOKEN,
      workspaceIds: raw.SLACK_WORKSPACE_IDS,
    },
    teams: {
      appId: raw.MICROSOFT_APP_ID,
      appPassword: raw.MICROSOFT_APP_PASSWORD,
      tenantId: raw.MICROSOFT_APP_TENANT_ID,
      appType: raw.MICROSOFT_APP_TYPE,
      serviceUrl: raw.TEAMS_SERVICE_URL,
      allowUnauthenticated: raw.TEAMS_ALLOW_UNAUTHENTICATED,
      tenantIds: raw.TEAMS_TENANT_IDS,
    },
    llm: {
      apiKey: raw.OPENAI_API_KEY,
      baseUrl: raw.OPENAI_BASE_URL,
      model: raw.LLM_MODEL,
      embeddingModel: raw.EMBEDDING_MODEL,
      azure: raw.AZURE_OPENAI_ENDPOINT
        ? {
            endpoint: raw.AZURE_OPENAI_ENDPOINT,
            apiKey: raw.AZURE_OPENAI_API_KEY,
            deployment: raw.AZURE_OPENAI_DEPLOYMENT ?? '',
            apiVersion: raw.AZURE_OPENAI_API_VERSION ?? '2024-10-21',
          }
        : undefined,
      egress: raw.LLM_EGRESS,
      timeoutMs: raw.LLM_TIMEOUT_MS,
      maxRetries: raw.LLM_MAX_RETRIES,
      contextTokens: raw.LLM_CONTEXT_TOKENS,
      queryRewrite: raw.LLM_QUERY_REWRITE,
    },
    reminders: {
      enabled: raw.REMINDERS_ENABLED,
      tickIntervalMs: raw.REMINDERS_TICK_SECONDS * 1000,
      claimTtlMs: raw.REMINDERS_CLAIM_TTL_SECONDS * 1000,
    },
    ingest: { maxFileBytes: raw.INGEST_MAX_FILE_MB * 1024 * 1024 },
  };
}

/** host:port/database of a connection URL: what we may print; never the password. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/** Where the database is, for humans: never the password. */
export function describeDatabase(database: Config['database']): string {
  if (database.kind === 'pglite')
    return database.dataDir === 'memory' ? 'embedded PGlite (in memory)' : `embedded PGlite in ${database.dataDir}`;
  return `PostgreSQL at ${describePostgresUrl(database.url)}`;
}
