// The first lines of the `squad` bundle: the Node check, inlined, so an old Node stops before any
// module of the CLI is loaded (one that needs a newer Node would fail with a stack trace instead).
'use strict';
var version = require('./nodeVersion.cjs');

function cliNodeBanner() {
  var fix = 'install Node 24 LTS (for example `nvm install 24`) and run squad with it.';
  return '#!/usr/bin/env node\n(' + version.checkNodeVersion.toString() + ')(' + JSON.stringify(version.MIN_NODE) + ', ' + JSON.stringify(fix) + ');';
}

module.exports = { cliNodeBanner: cliNodeBanner };
