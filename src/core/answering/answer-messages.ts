import { message } from '../messages/index.js';

/** Fixed replies in English (the catalogue holds all six languages). The refusal names nothing. */
export const NOT_FOUND_MESSAGE = message('answer.not_found');

export const NO_ACCESS_MESSAGE = message('answer.no_access');
