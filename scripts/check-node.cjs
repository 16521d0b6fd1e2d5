// Run before `npm test`, `npm run demo` and the other scripts that need a current Node (see package.json's pre-scripts).
'use strict';
var version = require('./nodeVersion.cjs');

version.checkNodeVersion(version.MIN_NODE, 'nvm install (it reads .nvmrc), or put the Node that `bash scripts/ensure-node.sh` prints first on PATH.');
