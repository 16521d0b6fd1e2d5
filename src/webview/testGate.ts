/**
 * The test command gate, above the test rounds: what will run, where, which files the approval
 * covers and — when a proposal changed one of them — the diff that is the reason it asks again.
 * Its buttons answer the question the run waits on. Rebuilt only when the question changes, so a
 * test-round update never moves the keyboard focus off its buttons.
 */
import type { TestAnswer, ViewTestGate } from '../protocol/messages';
import { hunkHeader } from './diffRows';
import { diffTable } from './diffView';
import { button, el, setHidden } from './dom';
import { icon } from './icons';
import { runsAs } from './testsView';
import { gateTitle, gateWhere } from './testWords';

const KIND_LETTER = { added: 'A', removed: 'D', changed: 'M' } as const;
const KIND_WORD = { added: 'added', removed: 'removed', changed: 'changed' } as const;

export class TestGateView {
  readonly root: HTMLElement;
  private key = '';
  /** The question answered from here: its buttons stay disabled until another one comes. */
  private answered = '';

  constructor() {
    this.root = el('div', 'test-gate');
    this.root.setAttribute('role', 'region');
    this.root.setAttribute('aria-label', 'Test command approval');
    setHidden(this.root, true);
  }

  /** `busy`: the run works and waits on the answer; otherwise the question outlived its run (a reload). */
  update(gate: ViewTestGate | undefined, busy: boolean): void {
    setHidden(this.root, !gate);
    if (!gate) {
      this.key = '';
      this.answered = '';
      this.root.replaceChildren();
      return;
    }
    const key = `${busy}\n${JSON.stringify(gate)}`;
    if (key === this.key) return;
    this.key = key;
    // A resumed run asks the same question again: it may be answered again.
    if (!busy) this.answered = '';
    this.build(gate, busy);
  }

  /** A button was pressed: no second answer to the same question (it could answer the next one unseen). */
  markAnswered(): void {
    this.answered = this.key;
    for (const b of this.root.querySelectorAll<HTMLButtonElement>('button[data-act=answerTests]')) b.disabled = true;
  }

  private build(gate: ViewTestGate, busy: boolean): void {
    const where = gateWhere(gate);
    const changed = gate.changes.length > 0;
    const title = el('p', 'tg-title', icon(changed ? 'warn' : 'play'), el('strong', '', gateTitle(gate)));
    const command = el('div', 'tg-command', el('span', 'label', 'Command'), el('code', '', gate.command), gate.runs ? runsAs(gate.runs) : null);
    const reason = gate.reason ? el('p', 'tg-reason', gate.reason) : null;
    const whereEl = el('p', `tg-where ${where.sandboxed ? 'tg-sandboxed' : 'tg-unsandboxed'}`, icon(where.sandboxed ? 'shield' : 'warn'), el('span', '', where.text));
    if (!where.sandboxed) whereEl.setAttribute('role', 'note');
    const files = gate.files.length > 0
      ? el('p', 'tg-files', el('span', 'label', 'The approval covers '), ...gate.files.flatMap((f, i) => [i > 0 ? ', ' : null, el('code', '', f)]))
      : null;
    const changes = changed ? this.changes(gate) : null;
    const actions = this.actions(gate, busy);
    this.root.replaceChildren(...[title, command, reason, whereEl, files, changes, actions].filter((n): n is HTMLElement => n !== null));
  }

  private changes(gate: ViewTestGate): HTMLElement {
    const list = el('div', 'tg-changes');
    list.append(el('p', 'tg-changes-head', 'Changed since you allowed it — this is why Squad asks again:'));
    for (const c of gate.changes) {
      const head = el('div', 'tg-change-path', el('span', `file-kind kind-${c.kind === 'changed' ? 'modified' : c.kind === 'added' ? 'created' : 'deleted'}`, KIND_LETTER[c.kind]), el('code', '', c.path), el('span', 'label', KIND_WORD[c.kind]));
      const hunks = c.hunks.map((h, i) => el('div', 'hunk', el('div', 'hunk-head', el('code', 'hunk-range', hunkHeader(h))), diffTable(h, `Change ${i + 1} of ${c.hunks.length} to ${c.path}`, 1)));
      const omitted = c.omitted > 0 ? el('p', 'hint', `${c.omitted} more changed line${c.omitted === 1 ? '' : 's'} not shown.`) : null;
      list.append(el('div', 'tg-change', head, ...hunks, omitted));
    }
    return list;
  }

  private actions(gate: ViewTestGate, busy: boolean): HTMLElement {
    if (!busy) {
      return el('p', 'tg-stopped', icon('stop'), 'The run stopped while this question waited. Resume the run to be asked again.');
    }
    const disabled = this.answered === this.key;
    const answer = (a: TestAnswer, label: string, aria: string, kind: 'primary' | 'secondary') => button({ act: 'answerTests', kind, label, aria, data: { answer: a, question: gate.id }, disabled });
    const buttons: HTMLButtonElement[] = [];
    // Nothing unsandboxed is remembered for the workspace: that choice exists only with a sandbox.
    // Each accessible name starts with the visible words (voice control users say what they see).
    if (gate.sandbox.kind !== 'none') buttons.push(answer('workspace', 'Allow for this workspace', `Allow for this workspace: ${gate.command}, in the sandbox, until what it runs changes`, 'secondary'));
    buttons.push(answer('run', 'Allow for this run', `Allow for this run: ${gate.command}, this run only`, 'primary'));
    buttons.push(answer('deny', "Don't run tests", "Don't run tests in this run", 'secondary'));
    return el('div', 'tg-actions', ...buttons);
  }
}
