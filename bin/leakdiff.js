#!/usr/bin/env node
import '../dist/leakdiff.js';
