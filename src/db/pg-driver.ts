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

function adapt(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await client.query({ text: sql, values: [...params], types });
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      // Without parameters pg uses the simple protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

/** Opens a `pg` pool and proves it reachable, so a down server fails at start with its address named. */
export async function openPostgresDatabase(url: string, options: { max?: number } = {}): Promise<Database> {
  const location = describePostgresUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 5_000 });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
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
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(adapt(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
