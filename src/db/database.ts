/**
 * The one small port to PostgreSQL. Two drivers implement it: embedded PGlite (the zero-setup
 * default) and a `pg` pool (when DATABASE_URL is set). Query modules take a `Queryable`, so the same
 * SQL runs inside or outside a transaction and on either driver.
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Runs a multi-statement script without parameters (migrations, fixtures). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Human-readable location: a folder, "in memory", or host:port/db (never a password). */
  readonly location: string;
  /** Runs `work` in one transaction; rolls back if it throws. PGlite serialises callers. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Postgres type OIDs we parse the same way on both drivers. */
export const TYPE_OIDS = { int8: 20, date: 1082, numeric: 1700 } as const;

/** int8 ids and counts as numbers (they stay far below 2^53); dates as 'YYYY-MM-DD' strings, free of time zones. */
export const sharedParsers: Record<number, (value: string) => unknown> = {
  [TYPE_OIDS.int8]: (value: string) => Number(value),
  [TYPE_OIDS.date]: (value: string) => value,
};
