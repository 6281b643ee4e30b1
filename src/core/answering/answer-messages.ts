/** Fixed replies. The refusal names nothing: no document, owner, date or hint that anything else exists. */
export const NOT_FOUND_MESSAGE = "I couldn't find information on that in the documents available to you";

export const NO_ACCESS_MESSAGE =
  "I can't answer questions for this account yet: it isn't linked to a member of the Compact directory. " +
  'Ask your working group secretariat or the Compact Bot administrator to add your chat account to the directory, then ask again.';
