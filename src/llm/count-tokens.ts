import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';

/**
 * Token counting for the prompt budget. The ranks are bundled with js-tiktoken (no download at run
 * time). cl100k is exact for the GPT-4 family and a close enough estimate for other models (o200k,
 * Llama, Mistral tokenisers differ by a few percent), which is all a budget needs.
 */
let encoder: Tiktoken | undefined;

export function countTokens(text: string): number {
  encoder ??= new Tiktoken(cl100kBase);
  return encoder.encode(text).length;
}
