/**
 * A task form's Save at the plan gate is one edit the extension keeps whole or refuses whole. The
 * form stays open, holding the user's input, until the answer: the plan changed that task (the
 * form closes) or the edit was refused (its problem shows in the form, nothing was kept).
 */
import type { CardContext } from './taskCard';
import type { PlanView } from './planView';

/** A refused edit while a Save waits: the problem goes to that form; false when no Save waits. */
export function showRefusedSave(plan: PlanView, text: string, details: readonly string[]): boolean {
  for (const card of plan.cards.values()) {
    const form = card.form;
    if (!form?.saving) continue;
    form.setSaving(false);
    form.showProblem([text, ...details.filter((d) => !text.includes(d))].join(' '));
    return true;
  }
  return false;
}

/** The plan changed task `id`: a Save of its form was kept. */
export function closeSavedForm(plan: PlanView, id: string, ctx: CardContext): void {
  const card = plan.card(id);
  if (card?.form?.saving) card.closeForm(ctx);
}
