// Loads the TypeScript worker source in a worker thread under tsx, as dist/parseWorker.js runs bundled.
'use strict';
require('tsx/cjs');
require('../../../src/core/scan/parseWorker.ts');
