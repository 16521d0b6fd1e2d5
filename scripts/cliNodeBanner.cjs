// The first lines of the `squad` bundle: the shebang with the CLI's Node flags, then the Node
// check, inlined, so an old Node stops before any module of the CLI is loaded (one that needs a
// newer Node would fail with a stack trace instead).
'use strict';
var version = require('./nodeVersion.cjs');

/**
 * V8 otherwise lets the young generation grow to tens of megabytes, and a long run's tool results
 * and messages keep it there: a 200-task run peaked near 250 MB of RSS with a live heap under
 * 96 MB. 8 MB semi-spaces cost no measurable CPU (bench/monorepoScale.ts) and keep the peak low.
 */
var CLI_NODE_FLAGS = ['--max-semi-space-size=8'];

function cliNodeBanner() {
  var fix = 'install Node 24 LTS (for example `nvm install 24`) and run squad with it.';
  // `env -S` splits the flags from the command (coreutils 8.30+, BSD and macOS env).
  return '#!/usr/bin/env -S node ' + CLI_NODE_FLAGS.join(' ') + '\n(' + version.checkNodeVersion.toString() + ')(' + JSON.stringify(version.MIN_NODE) + ', ' + JSON.stringify(fix) + ');';
}

module.exports = { cliNodeBanner: cliNodeBanner, CLI_NODE_FLAGS: CLI_NODE_FLAGS };
