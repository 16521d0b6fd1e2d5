// Stops at once on a Node older than Squad supports, with one line saying what was found, what is
// needed and how to fix it. Plain old JavaScript on purpose: it must run on the very versions it
// rejects. `checkNodeVersion` is also inlined at the top of the CLI bundle (see esbuild.mjs), so it
// may use nothing outside its own body.
'use strict';

/** The oldest Node that runs Squad's tests, demo and CLI (`node --test` globs, `node:sqlite`). */
var MIN_NODE = '22.13.0';

function checkNodeVersion(needed, fix) {
  var have = process.versions.node.split('.');
  var want = needed.split('.');
  for (var i = 0; i < 3; i++) {
    var h = parseInt(have[i] || '0', 10);
    var w = parseInt(want[i] || '0', 10);
    if (h > w) return;
    if (h < w) {
      process.stderr.write('Squad needs Node ' + needed + ' or newer, but this is Node ' + process.versions.node + '. Fix: ' + fix + '\n');
      process.exit(1);
    }
  }
}

module.exports = { MIN_NODE: MIN_NODE, checkNodeVersion: checkNodeVersion };
