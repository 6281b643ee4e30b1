import type { Language } from '../retrieval/retrieved-chunk.js';

/** One message in the six UN languages. `{name}` placeholders are filled by `message()`. */
export type Translations = Record<Language, string>;
