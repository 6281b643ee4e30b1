import type { Queryable } from '../database.js';

/**
 * The database schema as stable DDL-like text, for `migrations/schema.sql`: extensions, then each
 * table of the current schema in name order with its columns (in column order), constraints and
 * the indexes that back none (in name order), row-level security, triggers; then views and the
 * schema's own functions. Read from catalogues PostgreSQL 15 and PGlite (18) share, printed by the
 * server's own functions (format_type, pg_get_constraintdef, pg_get_indexdef), so the text depends
 * on the schema alone and every schema change shows up in review. It describes; it is not meant to
 * be run (tables come in name order, not in the order their foreign keys need).
 */
export async function describeSchema(db: Queryable): Promise<string> {
  const applied = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  const out: string[] = [
    `-- The schema of a freshly migrated database (migrations ${applied.rows.map((m) => String(m.version).padStart(4, '0')).join(', ')}),`,
    '-- written by `npm run schema:dump`. Do not edit: change the schema with a new migration, then run the',
    '-- script and commit this file with it (test/db/schema-snapshot.test.ts fails while they disagree).',
    '',
  ];
  const extensions = await db.query<{ name: string }>(
    `SELECT extname AS name FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname`,
  );
  for (const extension of extensions.rows) out.push(`CREATE EXTENSION ${extension.name};`);

  const tables = await db.query<{ oid: number; name: string; rls: boolean }>(
    `SELECT c.oid::int AS oid, c.relname AS name, c.relrowsecurity AS rls
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
      ORDER BY c.relname`,
  );
  for (const table of tables.rows) {
    const columns = await db.query<{ name: string; type: string; not_null: boolean; expression: string | null; generated: string }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
              pg_get_expr(d.adbin, d.adrelid) AS expression, a.attgenerated::text AS generated
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
      [table.oid],
    );
    // NOT NULL is shown on the column (PostgreSQL 18 also lists it as a constraint, 15 does not).
    const constraints = await db.query<{ name: string; definition: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = $1 AND contype <> 'n' ORDER BY conname`,
      [table.oid],
    );
    const body = [
      ...columns.rows.map((column) => {
        const expression =
          column.expression === null
            ? ''
            : column.generated === 's'
              ? ` GENERATED ALWAYS AS (${column.expression}) STORED`
              : ` DEFAULT ${column.expression}`;
        return `  ${column.name} ${column.type}${column.not_null ? ' NOT NULL' : ''}${expression}`;
      }),
      ...constraints.rows.map((constraint) => `  CONSTRAINT ${constraint.name} ${constraint.definition}`),
    ];
    out.push('', `CREATE TABLE ${table.name} (`, body.join(',\n'), ');');

    const indexes = await db.query<{ definition: string }>(
      `SELECT pg_get_indexdef(x.indexrelid) AS definition
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid)
        ORDER BY i.relname`,
      [table.oid],
    );
    for (const index of indexes.rows) out.push(`${index.definition};`);
    if (table.rls) out.push(`ALTER TABLE ${table.name} ENABLE ROW LEVEL SECURITY;`);
    const policies = await db.query<{ name: string; command: string; roles: string; qual: string | null; check: string | null }>(
      `SELECT polname AS name, polcmd::text AS command,
              array_to_string(ARRAY(SELECT rolname FROM pg_roles WHERE oid = ANY (polroles) ORDER BY 1), ', ') AS roles,
              pg_get_expr(polqual, polrelid) AS qual, pg_get_expr(polwithcheck, polrelid) AS check
         FROM pg_policy WHERE polrelid = $1 ORDER BY polname`,
      [table.oid],
    );
    const commands: Record<string, string> = { r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE', '*': 'ALL' };
    for (const policy of policies.rows) {
      out.push(
        `CREATE POLICY ${policy.name} ON ${table.name} FOR ${commands[policy.command] ?? policy.command} TO ${policy.roles || 'PUBLIC'}` +
          `${policy.qual ? ` USING (${policy.qual})` : ''}${policy.check ? ` WITH CHECK (${policy.check})` : ''};`,
      );
    }
    const triggers = await db.query<{ definition: string }>(
      `SELECT pg_get_triggerdef(oid) AS definition FROM pg_trigger WHERE tgrelid = $1 AND NOT tgisinternal ORDER BY tgname`,
      [table.oid],
    );
    for (const trigger of triggers.rows) out.push(`${trigger.definition};`);
  }

  const views = await db.query<{ name: string; materialized: boolean; definition: string }>(
    `SELECT c.relname AS name, c.relkind = 'm' AS materialized, pg_get_viewdef(c.oid) AS definition
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('v', 'm') ORDER BY c.relname`,
  );
  for (const view of views.rows) {
    out.push('', `CREATE ${view.materialized ? 'MATERIALIZED ' : ''}VIEW ${view.name} AS`, `${view.definition.trim().replace(/;$/, '')};`);
  }

  // The schema's own functions, not those an extension brings (pgvector's operators and casts).
  const functions = await db.query<{ signature: string; result: string; language: string; source: string }>(
    `SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS signature, pg_get_function_result(p.oid) AS result,
            l.lanname AS language, p.prosrc AS source
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
      WHERE n.nspname = current_schema()
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
      ORDER BY 1`,
  );
  for (const fn of functions.rows) {
    out.push('', `CREATE FUNCTION ${fn.signature} RETURNS ${fn.result} LANGUAGE ${fn.language} AS $body$${fn.source}$body$;`);
  }
  return `${out.join('\n')}\n`;
}
