/**
 * Routes each agent role to its own model: the planner may use a stronger model than the cheap
 * roles. One ChatModel (one SDK client) is made per distinct model and shared by its roles.
 */
import type { ChatModel } from './chatModel';
import { type ProviderConfig, createChatModel } from './factory';

export interface ModelMap {
  /** The model of every role the map does not name. */
  readonly default: string;
  /** role → model id; 'planner' is a role like the others. */
  readonly roles: Readonly<Record<string, string>>;
}

export function modelForRole(map: ModelMap, role: string): string {
  // hasOwn: a role named like an Object.prototype member ('constructor') must not route anywhere odd.
  const chosen = Object.hasOwn(map.roles, role) ? map.roles[role] : undefined;
  return chosen !== undefined && chosen.trim() !== '' ? chosen : map.default;
}

export function createModelRouter(
  base: Omit<ProviderConfig, 'model'>,
  map: ModelMap,
  create: (cfg: ProviderConfig) => ChatModel = createChatModel,
): (role: string) => ChatModel {
  const byModel = new Map<string, ChatModel>();
  return (role: string): ChatModel => {
    const model = modelForRole(map, role);
    let chat = byModel.get(model);
    if (!chat) {
      chat = create({ ...base, model });
      byModel.set(model, chat);
    }
    return chat;
  };
}
