#!/usr/bin/env node
'use strict';
require('../dist/src/sim/cli.js').main(process.argv.slice(2));
