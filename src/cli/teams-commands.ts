import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { buildTeamsPackage } from '../teams/teams-package.js';

/** `compact-bot teams package`: the app package to upload in Teams (no database needed). */
export function registerTeamsCommands(program: Command): void {
  const teams = program.command('teams').description('Microsoft Teams app');
  teams
    .command('package')
    .description('write the Teams app package (manifest.json, color.png, outline.png), validated against the manifest schema')
    .option('--app-id <guid>', "the bot's Microsoft App ID (MICROSOFT_APP_ID); used as the app id and bot id")
    .option('--host <host>', 'the public host of the messaging endpoint, added to validDomains (e.g. bot.example.org)')
    .option('--out <file>', 'where to write the zip', 'compact-bot-teams.zip')
    .action((options: { appId?: string; host?: string; out: string }, command: Command) => {
      const built = buildTeamsPackage({
        ...(options.appId ? { appId: options.appId } : {}),
        ...(options.host ? { host: options.host } : {}),
      });
      const out = path.resolve(options.out);
      writeFileSync(out, built.zip);
      const json = Boolean(command.optsWithGlobals<{ json?: boolean }>().json);
      process.stdout.write(
        json
          ? `${JSON.stringify({ out, files: built.files, appId: built.manifest.id, bytes: built.zip.length })}\n`
          : `Wrote ${out} (${built.files.join(', ')}; app id ${String(built.manifest.id)}). Upload it in Teams: Apps → Manage your apps → Upload an app.\n`,
      );
    });
}
