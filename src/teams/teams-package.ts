import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { zipSync } from 'fflate';
import { AppError } from '../errors.js';

/**
 * The Teams app package: manifest.json (with the bot's app id and the deployment's host filled in),
 * color.png and outline.png at the zip's root (Teams rejects folders). The manifest is validated
 * against our own schema of the manifest fields we use (manifest/teams/manifest.schema.json, written
 * from Microsoft's documented limits; the official schema is not vendored, no network) and the icons are
 * checked for the sizes Teams requires before anything is written.
 */

export const TEAMS_MANIFEST_DIR = fileURLToPath(new URL('../../manifest/teams/', import.meta.url));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TeamsPackageOptions {
  appId?: string;
  /** The public host of the deployment (e.g. bot.example.org), added to validDomains. */
  host?: string;
  manifestDir?: string;
}

export interface TeamsPackage {
  zip: Uint8Array;
  manifest: Record<string, unknown>;
  files: string[];
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(bytes: Uint8Array): [number, number] | undefined {
  const buffer = Buffer.from(bytes);
  if (buffer.length < 24 || buffer.subarray(1, 4).toString('ascii') !== 'PNG') return undefined;
  return [buffer.readUInt32BE(16), buffer.readUInt32BE(20)];
}

type Validate = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

/** Our schema of the manifest, not Microsoft's: it lives with the code, whatever manifestDir a package is built from. */
export const TEAMS_MANIFEST_SCHEMA = fileURLToPath(new URL('../../manifest/teams/manifest.schema.json', import.meta.url));

let validator: Validate | undefined;
export function manifestValidator(): Validate {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(TEAMS_MANIFEST_SCHEMA, 'utf8')) as Record<string, unknown>;
  validator = new Ajv({ allErrors: true }).compile(schema) as Validate;
  return validator;
}

export function buildTeamsPackage(options: TeamsPackageOptions = {}): TeamsPackage {
  const dir = options.manifestDir ?? TEAMS_MANIFEST_DIR;
  const manifest = JSON.parse(readFileSync(`${dir}manifest.json`, 'utf8')) as Record<string, unknown> & {
    id: string;
    bots: { botId: string }[];
    validDomains?: string[];
    icons: { color: string; outline: string };
    webApplicationInfo?: unknown;
  };
  const problems: string[] = [];
  if (options.appId !== undefined) {
    if (!GUID.test(options.appId)) problems.push(`--app-id: must be the bot's Microsoft App ID (a GUID), got "${options.appId}"`);
    manifest.id = options.appId;
    for (const bot of manifest.bots) bot.botId = options.appId;
  }
  if (options.host !== undefined) {
    const host = options.host.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    if (!/^[a-z0-9.-]+(:\d+)?$/i.test(host)) problems.push(`--host: must be a host name such as bot.example.org, got "${options.host}"`);
    manifest.validDomains = [...new Set([host, ...(manifest.validDomains ?? []).filter((d) => d !== 'compact-bot.example.org')])];
  }
  const color = readFileSync(`${dir}${manifest.icons.color}`);
  const outline = readFileSync(`${dir}${manifest.icons.outline}`);
  const colorSize = pngSize(color);
  const outlineSize = pngSize(outline);
  if (colorSize?.[0] !== 192 || colorSize[1] !== 192) problems.push(`${manifest.icons.color}: must be a 192×192 PNG`);
  if (outlineSize?.[0] !== 32 || outlineSize[1] !== 32) problems.push(`${manifest.icons.outline}: must be a 32×32 PNG`);
  const validate = manifestValidator();
  if (!validate(manifest)) {
    for (const error of validate.errors ?? []) problems.push(`manifest.json${error.instancePath || ''}: ${error.message ?? 'invalid'}`);
  }
  if (problems.length > 0) {
    throw new AppError('input.invalid', `The Teams app package is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      exitCode: 2,
      detail: problems,
    });
  }
  const files = {
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    [manifest.icons.color]: new Uint8Array(color),
    [manifest.icons.outline]: new Uint8Array(outline),
  };
  return { zip: zipSync(files, { level: 9 }), manifest, files: Object.keys(files) };
}
