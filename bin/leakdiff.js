#!/usr/bin/env node
require('../dist/leakdiff.cjs');
