import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPgliteDatabase } from '../../src/db/pglite-driver.js';
import { openPostgresDatabase } from '../../src/db/pg-driver.js';
import { migrate } from '../../src/db/migrate.js';
import { withDatabaseName } from './database-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplateDir: string;
    pgliteEmptyDir: string;
    postgresTemplateDatabase: string;
  }
}

/**
 * Initialising a PGlite cluster takes seconds, so it is done once: an initialised folder that a test
 * of the migrations copies, and a migrated template folder that every other test file copies. On
 * PostgreSQL, a migrated template database that each file clones.
 */
export default async function setup(project: TestProject) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'compact-bot-template-'));
  const emptyDir = path.join(root, 'empty');
  await (await openPgliteDatabase(emptyDir)).close();
  const templateDir = path.join(root, 'pglite');
  cpSync(emptyDir, templateDir, { recursive: true });
  const pglite = await openPgliteDatabase(templateDir);
  await migrate(pglite);
  await pglite.close();
  project.provide('pgliteEmptyDir', emptyDir);
  project.provide('pgliteTemplateDir', templateDir);

  const url = process.env.TEST_DATABASE_URL;
  let templateName = '';
  if (url) {
    templateName = `compact_bot_template_${process.pid}`;
    const admin = await openPostgresDatabase(url, { max: 1 });
    await admin.exec(`DROP DATABASE IF EXISTS ${templateName}`);
    await admin.exec(`CREATE DATABASE ${templateName}`);
    await admin.close();
    const template = await openPostgresDatabase(withDatabaseName(url, templateName), { max: 1 });
    await migrate(template);
    await template.close();
  }
  project.provide('postgresTemplateDatabase', templateName);

  return async () => {
    rmSync(root, { recursive: true, force: true });
    if (url && templateName) {
      const admin = await openPostgresDatabase(url, { max: 1 });
      await admin.exec(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
      await admin.close();
    }
  };
}
