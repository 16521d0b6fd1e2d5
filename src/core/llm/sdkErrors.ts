/**
 * The two SDKs' error classes, recognised in one place: what a failure was (an abort, a timeout, a
 * connection, an HTTP answer) decides both how it is retried and what it is called.
 */
import {
  APIConnectionError as AnthropicConnectionError,
  APIConnectionTimeoutError as AnthropicTimeoutError,
  APIError as AnthropicAPIError,
  APIUserAbortError as AnthropicAbortError,
} from '@anthropic-ai/sdk';
import {
  APIConnectionError as OpenAIConnectionError,
  APIConnectionTimeoutError as OpenAITimeoutError,
  APIError as OpenAIAPIError,
  APIUserAbortError as OpenAIAbortError,
} from 'openai';

export type SdkApiError = OpenAIAPIError | AnthropicAPIError;

export const isSdkAbort = (err: unknown): boolean => err instanceof OpenAIAbortError || err instanceof AnthropicAbortError;

export const isSdkTimeout = (err: unknown): boolean => err instanceof OpenAITimeoutError || err instanceof AnthropicTimeoutError;

/** A refused, dropped or timed-out connection (timeouts are connection errors in both SDKs). */
export const isSdkConnectionError = (err: unknown): err is OpenAIConnectionError | AnthropicConnectionError =>
  err instanceof OpenAIConnectionError || err instanceof AnthropicConnectionError;

export const isSdkApiError = (err: unknown): err is SdkApiError => err instanceof OpenAIAPIError || err instanceof AnthropicAPIError;

/** The provider's own error code or type, when it sent one. */
export const sdkErrorCode = (err: SdkApiError): string =>
  err instanceof OpenAIAPIError ? String(err.code ?? '') : String(err.type ?? '');
