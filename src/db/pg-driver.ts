import pg from 'pg';
import { describePostgresUrl } from '../config.js';
import { AppError } from '../errors.js';
import { sharedParsers, type Database, type Queryable, type QueryResult } from './database.js';

const INT8_ARRAY_OID = 1016;
const INT4_ARRAY_OID = 1007;

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    // int8[] like int8: numbers (pg's int4[] parser does exactly that).
    if (oid === INT8_ARRAY_OID && format !== 'binary')
      return (pg.types.getTypeParser as (oid: number, format: 'text') => (value: string) => unknown)(INT4_ARRAY_OID, 'text');
    const parser = sharedParsers[oid];
    if (parser && format !== 'binary') return parser;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** SQLSTATEs and socket errors that mean the server or the network dropped the connection. */
const CONNECTION_LOST_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

export function isConnectionLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_LOST_CODES.has(code)) return true;
  return /Connection terminated|connection error and is not queryable|terminating connection/i.test(error.message);
}

/** What a member or administrator sees; callers that know more (ingest: how much was loaded) say more. */
export const CONNECTION_LOST_MESSAGE = 'The database connection was lost; nothing more was changed. Please try again in a moment.';

function translate(error: unknown): unknown {
  return isConnectionLost(error) ? new AppError('db.connection_lost', CONNECTION_LOST_MESSAGE, { exitCode: 1, cause: error }) : error;
}

function adapt(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      try {
        const result = await client.query({ text: sql, values: [...params], types });
        return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
      } catch (error) {
        throw translate(error);
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        // Without parameters pg uses the simple protocol, which accepts several statements.
        await client.query(sql);
      } catch (error) {
        throw translate(error);
      }
    },
  };
}

/** Opens a `pg` pool and proves it reachable, so a down server fails at start with its address named. */
export async function openPostgresDatabase(
  url: string,
  options: {
    max?: number;
    /** Told when a connection drops (the pool reconnects on the next query). */ onConnectionError?: (error: Error) => void;
  } = {},
): Promise<Database> {
  const location = describePostgresUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    application_name: 'compact-bot',
    // No JIT compilation: every statement here runs in milliseconds, and PostgreSQL compiles a plan
    // whose *estimated* cost passes jit_above_cost. Retrieval's estimate is inflated by the default
    // selectivity of a tsquery computed inside the statement (0.5 % of chunks per word): at 1M chunks
    // compiling took 409 ms of a 422 ms retrieval whose plan ran in 13 ms. An `options` parameter in
    // DATABASE_URL replaces this one.
    options: '-c jit=off',
  });
  const onConnectionError = (error: Error) => options.onConnectionError?.(error);
  // An idle client losing its connection must not crash the process; the pool drops it and the next
  // query opens a new one.
  pool.on('error', onConnectionError);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message.replace(/postgres(ql)?:\/\/[^@\s]*@/g, 'postgres://***@') : String(error);
    throw new AppError('db.unreachable', `Cannot reach PostgreSQL at ${location}: ${reason}`, { exitCode: 1, cause: error });
  }
  const root = adapt(pool);
  return {
    kind: 'postgres',
    location,
    query: root.query,
    exec: root.exec,
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw translate(error);
      }
      // A checked-out client has no listener of the pool's: without ours, a terminated backend is an
      // unhandled 'error' event that kills the process. The failing query reports it to `work`.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken = error;
        onConnectionError(error);
      };
      client.on('error', onError);
      const tx = adapt(client);
      try {
        await tx.query('BEGIN');
        const result = await work(tx);
        await tx.query('COMMIT');
        return result;
      } catch (error) {
        if (!broken && !isConnectionLost(error)) await client.query('ROLLBACK').catch(() => undefined);
        throw translate(error);
      } finally {
        client.off('error', onError);
        // A broken client is destroyed, not returned to the pool.
        client.release(broken ?? undefined);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
