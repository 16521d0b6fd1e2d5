/**
 * The external tools of an extension run: VS Code's language-model tools, granted per role by the
 * role's agent file and `squad.agentTools`; none in an untrusted workspace. Results are scrubbed
 * of the secrets the tests' output is scrubbed of (API keys, secret-looking environment and .env
 * values), collected once per run when the first result arrives.
 */
import type { ExternalToolsConfig } from '../../core/mcp/externalTools';
import { collectTestSecrets } from '../../node/secretSources';
import type { HostPorts } from './ports';

export function externalToolsConfig(root: string, ports: HostPorts, grants: Readonly<Record<string, readonly string[]>>): ExternalToolsConfig | undefined {
  if (!ports.isTrusted()) return undefined;
  const source = ports.externalTools?.();
  if (!source) return undefined;
  let secrets: ReturnType<typeof collectTestSecrets> | undefined;
  const scrub = async (text: string): Promise<string> => {
    secrets ??= (async () => collectTestSecrets({ root, env: ports.env, keys: (await ports.apiKeys?.()) ?? [] }))();
    return (await secrets).scrub(text);
  };
  const warn = (text: string): void => {
    ports.log.warn(text);
    ports.notify({ severity: 'warning', message: `Squad: ${text}` });
  };
  return { source, grants, scrub, warn };
}
