#!/usr/bin/env node
import { createRequire as __kvpgCreateRequire } from 'node:module'; const require = __kvpgCreateRequire(import.meta.url);
import{c as a,d as b}from"./chunk-64CSKNPL.js";import"./chunk-BG2VHUJR.js";import"./chunk-FU4OFQHJ.js";export{b as migrationReportJson,a as renderMigrationMarkdown};
