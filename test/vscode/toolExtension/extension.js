// A language-model tool for the extension-host tests (test/vscode/suite/lmTools.test.ts): it
// answers with the issue and records each invocation's input.
'use strict';
const vscode = require('vscode');

let calls = [];

exports.activate = function activate(context) {
  context.subscriptions.push(
    vscode.lm.registerTool('squadtest_get_issue', {
      invoke(options) {
        calls.push(options.input);
        const id = String(options.input && options.input.id);
        return new vscode.LanguageModelToolResult([
          new vscode.LanguageModelTextPart(`Issue ${id}: tasks need a due date.`),
          new vscode.LanguageModelTextPart('It is assigned to the backend.'),
        ]);
      },
    }),
  );
  return { calls: () => calls.slice(), reset: () => (calls = []) };
};

exports.deactivate = function deactivate() {};
