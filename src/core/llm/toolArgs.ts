import type { ToolCall } from './chatModel';

/**
 * Builds a ToolCall from the arguments text the model sent. Malformed JSON never throws: the call
 * carries `argumentsError` so the runner can send it back to the model to correct.
 */
export function toolCallFromRaw(id: string, name: string, rawArguments: string): ToolCall {
  // Some servers send an empty string for a tool without parameters.
  if (rawArguments.trim() === '') return { id, name, rawArguments, arguments: {} };
  try {
    return { id, name, rawArguments, arguments: JSON.parse(rawArguments) as unknown };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { id, name, rawArguments, arguments: undefined, argumentsError: `The arguments of ${name} are not valid JSON: ${reason}` };
  }
}
