/**
 * Reads `squad.*` validated each time it is asked (settings.ts parses). An invalid value is
 * reported once per distinct problem, as a warning with Open Settings on that setting.
 */
import * as vscode from 'vscode';
import { parseSettings, SETTINGS_SECTION, type Settings } from '../settings';
import { openSettings, type Notice } from './errorActions';
import type { HostLog } from './ports';

export class SettingsReader {
  private readonly reported = new Set<string>();

  constructor(
    private readonly log: HostLog,
    private readonly notify: (notice: Notice) => void,
  ) {}

  read(): Settings {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, folder);
    const { settings, problems } = parseSettings((key) => config.get(key));
    for (const p of problems) {
      if (this.reported.has(p.message)) continue;
      this.reported.add(p.message);
      this.log.warn(p.message);
      this.notify({ severity: 'warning', message: `Squad: ${p.message}`, actions: [openSettings(p.setting)] });
    }
    return settings;
  }
}
