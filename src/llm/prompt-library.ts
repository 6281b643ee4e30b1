import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../errors.js';
import type { ChatMessage, PromptLibrary, PromptName, RenderedPrompt } from '../core/answering/chat-model.js';

/**
 * Versioned prompt files in `prompts/`: `<name>.v<N>.md` with YAML front matter (`name`, `version`)
 * and a body split into `# system` and `# user` sections, written as LangChain f-string templates
 * (`{variable}`; literal braces doubled). The highest version of a name is used unless one is pinned,
 * and its id (`answer.v1`) is recorded with every answer, so an answer can be traced to its prompt.
 */
export const DEFAULT_PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

interface PromptFile {
  name: PromptName;
  version: number;
  id: string;
  template: ChatPromptTemplate;
}

const FILE_PATTERN = /^([a-z-]+)\.v(\d+)\.md$/;

function parsePromptFile(file: string, text: string): PromptFile {
  const match = FILE_PATTERN.exec(path.basename(file));
  const front = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text.replace(/\r\n/g, '\n'));
  if (!match || !front)
    throw new AppError('config.invalid', `Prompt file ${file} must be named <name>.v<N>.md and start with front matter.`);
  const meta = parseYaml(front[1] ?? '') as { name?: string; version?: number };
  const name = match[1] as PromptName;
  const version = Number(match[2]);
  if (meta.name !== name || Number(meta.version) !== version) {
    throw new AppError(
      'config.invalid',
      `Prompt file ${file}: front matter name/version (${meta.name}/${meta.version}) disagree with the file name.`,
    );
  }
  const sections = (front[2] ?? '').split(/^# (system|user)\s*$/m);
  const messages: [string, string][] = [];
  for (let i = 1; i < sections.length; i += 2) {
    const role = sections[i] === 'system' ? 'system' : 'human';
    messages.push([role, (sections[i + 1] ?? '').trim()]);
  }
  if (messages.length === 0) throw new AppError('config.invalid', `Prompt file ${file} has no "# system" or "# user" section.`);
  return { name, version, id: `${name}.v${version}`, template: ChatPromptTemplate.fromMessages(messages) };
}

export function loadPromptLibrary(options: { dir?: string; pinned?: Partial<Record<PromptName, number>> } = {}): PromptLibrary {
  const dir = options.dir ?? DEFAULT_PROMPTS_DIR;
  const latest = new Map<PromptName, PromptFile>();
  for (const file of readdirSync(dir).filter((f) => FILE_PATTERN.test(f))) {
    const prompt = parsePromptFile(file, readFileSync(path.join(dir, file), 'utf8'));
    const pin = options.pinned?.[prompt.name];
    if (pin !== undefined && pin !== prompt.version) continue;
    const current = latest.get(prompt.name);
    if (!current || current.version < prompt.version) latest.set(prompt.name, prompt);
  }
  return {
    async render(name: PromptName, variables: Record<string, string>): Promise<RenderedPrompt> {
      const prompt = latest.get(name);
      if (!prompt) throw new AppError('config.invalid', `No prompt file for "${name}" in ${dir}.`);
      const formatted = await prompt.template.formatMessages(variables);
      const messages: ChatMessage[] = formatted.map((message) => ({
        role: message._getType() === 'system' ? 'system' : message._getType() === 'ai' ? 'assistant' : 'user',
        content: typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
      }));
      return { name, version: prompt.id, messages };
    },
  };
}
