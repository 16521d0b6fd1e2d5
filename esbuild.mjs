// Bundles the three outputs: the extension (CommonJS, `vscode` external), the CLI, and the sidebar script.
// `node esbuild.mjs --watch` rebuilds on change; `--production` minifies (used by `npm run package`).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const { cliNodeBanner } = createRequire(import.meta.url)('./scripts/cliNodeBanner.cjs');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/**
 * zod's namespace re-exports every locale (about 260 KB minified) though only English is used:
 * Squad's messages, and the validation errors it sends back to models, are English. Bundles get
 * zod's locales module reduced to `en`; `z.locales.en` still works.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.c?js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](?:classic|mini|core)[\\/]/.test(args.importer) ? { path: 'zod-locales-en', namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

const common = {
  plugins: [zodEnglishOnly],
  // jsonc-parser's `main` is a UMD build whose lazy require('./impl/…') calls esbuild cannot see;
  // its ESM build bundles like any other module.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'none',
  logLevel: 'info',
};

/** @type {esbuild.BuildOptions[]} Exported for the tests that build one bundle as `npm run build` does. */
export const builds = [
  {
    ...common,
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // The Node check runs before any bundled module loads.
    banner: { js: cliNodeBanner() },
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

const invoked = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invoked && watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else if (invoked) {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
