import { createRequire as __kvpgCreateRequire } from 'node:module'; const require = __kvpgCreateRequire(import.meta.url);
import{a,b}from"./chunk-A2LSGUEZ.js";import"./chunk-2ISNCYOY.js";import"./chunk-CYGCJD5B.js";export{a as context,b as getOctokit};
