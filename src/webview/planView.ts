/**
 * The plan: tasks in layers by dependency depth (each card shows "← t1, t2"), the plan gate's bar
 * (Run, Add task) while the plan waits, and the cards themselves, kept by id so an update reaches
 * exactly one card and a relayout moves cards instead of rebuilding them.
 */
import type { ViewRun, ViewTask } from '../protocol/messages';
import { button, el, setHidden, setText } from './dom';
import { taskForm, type TaskFormView } from './gateForm';
import { layersOf } from './layers';
import { NoticeBox } from './notice';
import type { OffscreenBuilder } from './offscreen';
import { TaskCard, type CardContext } from './taskCard';

export class PlanView {
  readonly root: HTMLElement;
  readonly notice = new NoticeBox('plan');
  readonly cards = new Map<string, TaskCard>();
  private readonly summary: HTMLElement;
  /** The roles that did not come built in, and where from (agent files, settings). */
  private readonly roster: HTMLElement;
  private readonly problems: HTMLElement;
  private readonly gate: HTMLElement;
  /** "Estimated for the run: ~32k tokens · ~$0.08". */
  private readonly estimate: HTMLElement;
  private readonly addHost: HTMLElement;
  private readonly layersEl: HTMLElement;
  private layoutKey = '';
  addForm: TaskFormView | undefined;

  /** `lazy` builds the open cards' bodies when they near the viewport. */
  constructor(private readonly lazy: OffscreenBuilder<HTMLElement>) {
    this.summary = el('p', 'plan-summary');
    this.roster = el('p', 'plan-roles');
    this.problems = el('ul', 'plan-problems');
    const run = button({ act: 'approvePlan', kind: 'primary', icon: 'play', label: 'Run', aria: 'Run the plan as it stands' });
    const add = button({ act: 'showAddTask', icon: 'add', label: 'Add task', aria: 'Add a task to the plan' });
    this.estimate = el('span', 'gate-estimate');
    this.gate = el('div', 'gate', el('span', 'gate-text', 'The plan waits for you: edit it, then run it.', this.estimate), el('span', 'gate-actions', add, run));
    this.gate.setAttribute('role', 'region');
    this.gate.setAttribute('aria-label', 'Plan gate');
    this.addHost = el('div', 'add-task');
    this.layersEl = el('div', 'layers');
    this.root = el('div', 'plan', this.summary, this.roster, this.problems, this.gate, this.notice.root, this.addHost, this.layersEl);
  }

  updateHeader(run: ViewRun | null): void {
    setText(this.summary, run?.planSummary ?? (run?.status === 'planning' ? `Planning${run.planAttempts > 1 ? ` (attempt ${run.planAttempts})` : ''}…` : ''));
    setHidden(this.summary, this.summary.textContent === '');
    const own = Object.entries(run?.roleSources ?? {}).filter(([, source]) => source !== 'built-in');
    setText(this.roster, own.length === 0 ? '' : `Roles: ${own.map(([role, source]) => `${role} (${source})`).join(' · ')}`);
    setHidden(this.roster, own.length === 0);
    const problems = run && !run.planSummary ? run.problems : [];
    setHidden(this.problems, problems.length === 0);
    if (this.problems.dataset.key !== problems.join('\n')) {
      this.problems.dataset.key = problems.join('\n');
      this.problems.replaceChildren(...problems.map((p) => el('li', '', p)));
    }
    setHidden(this.gate, !run?.awaitingApproval);
    setText(this.estimate, run?.estimate ? ` Estimated for the run: ${run.estimate.total}.` : '');
    if (!run?.awaitingApproval) this.closeAddForm();
  }

  card(id: string): TaskCard | undefined {
    return this.cards.get(id);
  }

  /** Creates or updates a card; returns it with whether it is new. */
  upsert(task: ViewTask, ctx: CardContext): { card: TaskCard; created: boolean } {
    let card = this.cards.get(task.id);
    const created = !card;
    if (!card) {
      card = new TaskCard(task, this.lazy);
      this.cards.set(task.id, card);
    }
    card.update(task, ctx);
    return { card, created };
  }

  remove(id: string): void {
    const card = this.cards.get(id);
    card?.dispose();
    card?.root.remove();
    this.cards.delete(id);
  }

  clear(): void {
    for (const card of this.cards.values()) card.dispose();
    this.cards.clear();
    this.layersEl.replaceChildren();
    this.layoutKey = '';
  }

  /** Places the cards in layers; does nothing when neither the order nor a dependency changed. */
  layout(order: readonly string[], tasks: ReadonlyMap<string, ViewTask>): void {
    const key = order.map((id) => `${id}<${tasks.get(id)?.dependsOn.join(',') ?? ''}`).join(';');
    if (key === this.layoutKey) return;
    this.layoutKey = key;
    const layers = layersOf(order, (id) => tasks.get(id)?.dependsOn);
    const wide = layers.length > 1;
    this.layersEl.replaceChildren(
      ...layers.map((ids, i) => {
        const list = el('ol', 'layer-tasks', ...ids.flatMap((id) => this.cards.get(id)?.root ?? []));
        const head = wide ? el('h3', 'layer-head', `Step ${i + 1}`, el('span', 'layer-count', `${ids.length} task${ids.length === 1 ? '' : 's'}`)) : null;
        const layer = el('div', 'layer', head, list);
        list.setAttribute('aria-label', wide ? `Step ${i + 1}` : 'Tasks');
        return layer;
      }),
    );
  }

  showAddForm(ctx: CardContext): void {
    if (!this.addForm) {
      this.addForm = taskForm({ candidates: ctx.order.flatMap((id) => ctx.tasks.get(id) ?? []), roles: ctx.roles });
      this.addHost.replaceChildren(this.addForm.root);
    }
    this.addForm.focus();
  }

  closeAddForm(): void {
    this.addForm = undefined;
    this.addHost.replaceChildren();
  }
}
