import { SquadError } from '../common/errors';
import type { Workspace } from '../ports';
import { decodeText } from '../tools';

/** Reads a workspace file as text for the change set; undefined when it does not exist. */
export function workspaceTextReader(workspace: Workspace): (path: string) => Promise<string | undefined> {
  return async (path) => {
    const stat = await workspace.stat(path);
    if (!stat || stat.type === 'directory') return undefined;
    const decoded = decodeText(await workspace.readFile(path));
    if (decoded.binary) throw new SquadError('edit/no_match', `${path} is a binary file; agents cannot change it.`);
    return decoded.text;
  };
}
