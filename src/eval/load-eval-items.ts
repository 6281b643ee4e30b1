import { z } from 'zod';
import { AppError } from '../errors.js';
import { readYamlFile } from '../ingest/read-yaml-file.js';

/** The item schema of the corpus README ("eval/questions.yaml"). */
const itemSchema = z.object({
  id: z.string(),
  type: z.enum(['question', 'summary']),
  asked_by: z.string(),
  context: z.string().regex(/^(dm|channel:[a-z0-9-]+)$/),
  working_group: z.string().optional(),
  member_state: z.string().optional(),
  language: z.string(),
  question: z.string(),
  tags: z.array(z.string()).default([]),
  expect: z.object({
    answerable: z.boolean().default(true),
    refused: z.boolean().optional(),
    docs: z.array(z.string()).default([]),
    docs_match: z.enum(['all', 'any']).default('all'),
    facts: z.array(z.coerce.string()).default([]),
    must_not_contain: z.array(z.string()).default([]),
  }),
  forbidden: z
    .object({
      docs: z.array(z.string()).default([]),
      canaries: z.array(z.string()).default([]),
      facts: z.array(z.coerce.string()).default([]),
    })
    .default({ docs: [], canaries: [], facts: [] }),
});

export type EvalItem = z.infer<typeof itemSchema>;

export function loadEvalItems(filePath: string): EvalItem[] {
  const file = readYamlFile(filePath);
  const parsed = z.object({ items: z.array(itemSchema) }).safeParse(file.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('input.invalid', `${filePath}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`, { exitCode: 2 });
  }
  return parsed.data.items;
}
