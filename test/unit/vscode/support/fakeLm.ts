/**
 * Stand-ins for the few `vscode` classes lm.ts uses, and a LanguageModelChat whose replies the test
 * scripts. VS Code itself is not available to unit tests; these follow the API's documented shapes
 * (parts are classes checked with instanceof, errors carry a `code`, cancellation is a token).
 */
import type * as vscode from 'vscode';
import type { LmApi } from '../../../../src/vscode/lm';

export class TextPart {
  constructor(public value: string) {}
}
export class ToolCallPart {
  constructor(
    public callId: string,
    public name: string,
    public input: object,
  ) {}
}
export class ToolResultPart {
  constructor(
    public callId: string,
    public content: unknown[],
  ) {}
}
export class ChatMessage {
  constructor(
    public role: number,
    public content: string | unknown[],
  ) {}
  static User(content: string | unknown[]) {
    return new ChatMessage(1, content);
  }
  static Assistant(content: string | unknown[]) {
    return new ChatMessage(2, content);
  }
}
export class LanguageModelError extends Error {
  override name = 'LanguageModelError';
  constructor(
    message: string,
    public code: string,
  ) {
    super(message);
  }
}
export class CancellationTokenSource {
  private listeners: (() => void)[] = [];
  disposed = false;
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: (fn: () => void) => {
      this.listeners.push(fn);
      return { dispose: () => {} };
    },
  };
  cancel() {
    this.token.isCancellationRequested = true;
    this.listeners.forEach((l) => l());
  }
  dispose() {
    this.disposed = true;
  }
}

export type Reply = (messages: ChatMessage[], options: vscode.LanguageModelChatRequestOptions, token: CancellationTokenSource['token']) => AsyncIterable<unknown> | Error;

export interface SentRequest {
  readonly messages: ChatMessage[];
  readonly options: vscode.LanguageModelChatRequestOptions;
}

export class FakeChat {
  readonly sent: SentRequest[] = [];
  readonly counted: string[] = [];
  vendor = 'copilot';
  version = '1';
  maxInputTokens = 128_000;
  constructor(
    public id: string,
    public family: string,
    private readonly reply: Reply,
    public name = `Fake ${id}`,
  ) {}
  async sendRequest(messages: ChatMessage[], options: vscode.LanguageModelChatRequestOptions = {}, token?: CancellationTokenSource['token']) {
    this.sent.push({ messages, options });
    const out = this.reply(messages, options, token ?? new CancellationTokenSource().token);
    if (out instanceof Error) throw out;
    return { stream: out, text: (async function* () {})() };
  }
  async countTokens(text: string) {
    this.counted.push(text);
    return Math.ceil(text.length / 4);
  }
}

export function parts(...items: unknown[]): AsyncIterable<unknown> {
  return (async function* () {
    for (const item of items) yield item;
  })();
}

export function fakeApi(models: FakeChat[]): LmApi {
  const api = {
    LanguageModelChatMessage: ChatMessage,
    LanguageModelTextPart: TextPart,
    LanguageModelToolCallPart: ToolCallPart,
    LanguageModelToolResultPart: ToolResultPart,
    LanguageModelChatToolMode: { Auto: 1, Required: 2 },
    LanguageModelError,
    CancellationTokenSource,
    lm: {
      selectChatModels: async (selector: vscode.LanguageModelChatSelector = {}) =>
        models.filter((m) => (selector.id === undefined || m.id === selector.id) && (selector.family === undefined || m.family === selector.family)),
    },
  };
  // The stand-ins have the shapes lm.ts uses, not every member of the real classes.
  return api as unknown as LmApi;
}

export function asChat(chat: FakeChat): vscode.LanguageModelChat {
  return chat;
}
