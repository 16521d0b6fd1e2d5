import type * as vscode from 'vscode';
import { registerCommands } from './commands';
import { registerReview } from './diff';
import { createServices } from './host';
import { registerSidebar } from './view';

// Composition root: builds the shared services and hands them to each part. Nothing else.
export function activate(context: vscode.ExtensionContext): void {
  const services = createServices(context);
  registerCommands(services);
  registerReview(services);
  registerSidebar(services);
}

export function deactivate(): void {}
