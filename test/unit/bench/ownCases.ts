/**
 * What every corpus of bench/attribution-runs must hold for its cases on our own code: their edits
 * apply exactly, in order, and again without the owner's change (or with its fix).
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { finalFiles, layerTasks, loadCases, type LoadedCase } from '../../../bench/attributionRuns/cases';

export const readOwnBase = (c: LoadedCase) => (rel: string) => fs.readFile(path.join(c.dir, 'base', rel), 'utf8').catch(() => undefined);

export async function assertOwnCasesApply(dir?: string): Promise<void> {
  const own = (await loadCases(dir)).filter((c) => c.origin === 'own');
  assert.ok(own.length > 0);
  for (const c of own) {
    const all = await layerTasks(c, readOwnBase(c));
    assert.equal(all.length, c.tasks.length, c.id);
    assert.ok(finalFiles(all).length > 0, `${c.id} changes files`);
    const owner = c.expected.owner;
    if (owner !== undefined) {
      const hasFix = c.tasks.some((t) => t.id === owner && t.fix);
      await layerTasks(c, readOwnBase(c), hasFix ? { fixed: new Set([owner]) } : { omit: new Set([owner]) });
    }
  }
}
