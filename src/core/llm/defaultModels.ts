/** Cheap, capable default models per provider: a plan costs a fraction of a cent. Imports nothing, so front ends can read it cheaply. */
export const DEFAULT_MODELS = {
  openai: 'gpt-4.1-mini',
  anthropic: 'claude-haiku-4-5',
} as const satisfies Readonly<Record<'openai' | 'anthropic', string>>;
