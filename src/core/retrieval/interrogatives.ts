/**
 * The interrogatives of the six UN languages (closed classes of each language, not words of
 * evaluation questions): what tells a question from a request, whatever punctuation it is given.
 */

/** Interrogatives other than those asking a quantity ("how" not before "many"/"much"), as a pattern's source. */
export const QUESTION_WORDS =
  'who|what|which|when|where|why|how(?!\\s+(?:many|much)\\b)|qui|quel(?:le)?s?|quand|où|pourquoi|comment|quién(?:es)?|qué|cuál(?:es)?|cuándo|dónde|por qué|cómo|кто|что|как(?:ой|ая|ие|ое)?|когда|где|почему|ماذا|متى|أين|لماذا|كيف|谁|什么|哪|何时|为什么|如何|怎么|怎样';

/**
 * A question asking for a quantity, in the six UN languages ("how many", "combien", "cuántos",
 * "сколько", "كم", "多少").
 */
export const ASKS_QUANTITY = /\bhow (?:many|much)\b|\bcombien\b|\bcu[áa]nt[oa]s?\b|сколько|(?:^|[\s،؟])كم(?=[\s،؟]|$)|多少/iu;

/** The Chinese interrogatives, which stand anywhere: Chinese writes no spaces. */
const HAN_QUESTION_WORDS = QUESTION_WORDS.split('|').filter((word) => /\p{Script=Han}/u.test(word));

/** An interrogative standing as a word, or a Chinese one anywhere. */
const ASKS_ANYTHING = new RegExp(`(?<![\\p{L}])(?:${QUESTION_WORDS})(?![\\p{L}])|${HAN_QUESTION_WORDS.join('|')}`, 'iu');

/** A text opening with "and", "or", "also": it goes on with the question before it ("…? and the target"). */
const GOES_ON = /^\s*(?:and|or|also|plus|et|ou|aussi|y|o|también|и|или|также|а|و|أو|和|或|还有|以及)(?![\p{L}])/iu;

/** Whether a text asks something: it holds an interrogative, with or without a question mark, or goes on with a question. */
export function asksSomething(text: string): boolean {
  return ASKS_QUANTITY.test(text) || ASKS_ANYTHING.test(text) || GOES_ON.test(text);
}
