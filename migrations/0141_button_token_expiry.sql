-- Button tokens expire (the policy is the core's BUTTON_TOKEN_TTL_MS) and are pruned some time after
-- (BUTTON_TOKEN_KEEP_MS, so a late click is told the button expired rather than nothing): the sweep
-- deletes by age, which this index keeps cheap as every answer issues a token.
CREATE INDEX button_tokens_created_at ON button_tokens (created_at);
