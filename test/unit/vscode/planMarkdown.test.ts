/**
 * Show Plan renders the plan as a Markdown preview: model-written text must read there exactly as
 * written. Rendered here with a real CommonMark + GFM renderer (marked: tables, autolinks).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from 'marked';
import { escapeMarkdown, planMarkdown } from '../../../src/vscode/host/planMarkdown';
import { sessionWithPlan } from '../../support/runSessions';

const render = (md: string) => marked.parse(md, { async: false, gfm: true });

/** The text a reader sees: tags dropped, the entities marked writes decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<br>\n?/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const HOSTILE = [
  'See [here](http://evil.example) and https://bare.example',
  '<img src=x onerror=alert(1)> <b>bold</b> &amp; &copy;',
  '![pic](http://evil.example/p.png) *em* _em_ **strong** ~~gone~~ `code` \\escaped',
  '# not a heading',
  '- not a list',
  '1. not a list either',
  '> not a quote',
  '    not code | not | a cell',
];

describe('the plan as a rendered Markdown preview', () => {
  for (const text of HOSTILE) {
    it(`shows ${JSON.stringify(text)} as written, with no link, image, heading, list or HTML`, () => {
      const html = render(escapeMarkdown(text));
      assert.doesNotMatch(html, /<(a|img|b|em|strong|del|code|h\d|ul|ol|li|blockquote|pre|table)\b/, html);
      assert.equal(visibleText(html).trim(), text.trim());
    });
  }

  it('renders the plan: the request as the heading, one table row per task, each description as written', async () => {
    const run = await sessionWithPlan({
      summary: 'Totals with <discounts> | [links](http://x.example)',
      tasks: [
        { id: 't1', role: 'backend', title: 'Price | discount *now*', description: '# Steps\n- add `total()`\n- see http://docs.example', dependsOn: [] },
        { id: 't2', role: 'qa', title: 'Test [it]', description: 'Cover <total>.', dependsOn: ['t1'] },
      ],
    });
    try {
      const html = render(planMarkdown(run.session.state, 'awaiting-approval'));
      assert.doesNotMatch(html, /<a\b|<img\b|<ul\b|<discounts>|<total>/, 'model text made no link, image, list or tag');
      assert.match(html, /<h1>test request<\/h1>/);
      const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => visibleText(m[1] ?? '').trim().split(/\s*\n\s*/));
      assert.deepEqual(rows.slice(1), [
        ['t1', 'backend', 'Price | discount *now*', '—', 'pending'],
        ['t2', 'qa', 'Test [it]', 't1', 'pending'],
      ]);
      const text = visibleText(html);
      assert.ok(text.includes('Totals with <discounts> | [links](http://x.example)'), text);
      assert.ok(text.includes('# Steps\n- add `total()`\n- see http://docs.example'), 'the description keeps its lines, literally');
      assert.match(html, /<h2>t2 · Test \[it\] \(qa\)<\/h2>/);
    } finally {
      await run.dispose();
    }
  });
});
