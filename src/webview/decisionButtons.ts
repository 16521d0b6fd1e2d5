/** The accept / reject pair shown for the run, a task, a file and a hunk. */
import type { Decision, Verdict } from '../protocol/messages';
import { button, el, setAttr, setModifier, setText } from './dom';
import { setIcon } from './icons';
import { decisionAria, verdictLabel, type Choice } from './reviewActions';

export interface DecisionGroup {
  readonly root: HTMLElement;
  update(current: Verdict | Decision): void;
  /** The part got another name (a hunk moved in its file's list). */
  rename(what: string): void;
}

/** `data` carries the scope (see reviewActions.scopeOf); `what` names the part for screen readers. */
export function decisionGroup(data: Readonly<Record<string, string>>, what: string, current: Verdict | Decision, labels?: { accept: string; reject: string }): DecisionGroup {
  const make = (choice: Choice) =>
    button({
      act: 'decide',
      kind: labels ? 'secondary' : 'icon',
      icon: choice === 'accepted' ? 'check' : 'close',
      ...(labels ? { label: choice === 'accepted' ? labels.accept : labels.reject } : {}),
      aria: decisionAria(what, current, choice),
      data: { ...data, choice },
      pressed: current === choice,
    });
  const accept = make('accepted');
  const reject = make('rejected');
  accept.classList.add('decide-accept');
  reject.classList.add('decide-reject');
  const badge = el('span', 'verdict');
  const root = el('span', 'decisions', badge, accept, reject);
  let shown = current;
  const update = (v: Verdict | Decision) => {
    shown = v;
    setAttr(root, 'data-current', v);
    setModifier(badge, 'verdict-', v);
    setText(badge, verdictLabel(v) === 'undecided' ? '' : verdictLabel(v));
    if (v === 'accepted' || v === 'rejected') setIcon(badge, v === 'accepted' ? 'check' : 'close');
    else badge.querySelector('svg')?.remove();
    for (const [b, choice] of [[accept, 'accepted'], [reject, 'rejected']] as const) {
      setAttr(b, 'aria-pressed', String(v === choice));
      setAttr(b, 'aria-label', decisionAria(what, v, choice));
      setAttr(b, 'title', decisionAria(what, v, choice));
      // Pressed, a button restores the part to undecided: its icon (and label) say so.
      setIcon(b, v === choice ? 'undo' : choice === 'accepted' ? 'check' : 'close');
      const label = b.querySelector('.btn-label');
      if (labels && label) setText(label, v === choice ? `Undo ${choice === 'accepted' ? 'accept' : 'reject'}` : choice === 'accepted' ? labels.accept : labels.reject);
    }
  };
  update(current);
  const rename = (name: string) => {
    what = name;
    update(shown);
  };
  return { root, update, rename };
}
