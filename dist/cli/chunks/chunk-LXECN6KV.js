#!/usr/bin/env node
import { createRequire as __kvpgCreateRequire } from 'node:module'; const require = __kvpgCreateRequire(import.meta.url);
import{a as r}from"./chunk-FU4OFQHJ.js";function i(s,g){let t=new Map;for(let e of s){let n=g(e),o=t.get(n);o?o.push(e):t.set(n,[e])}return t}r(i,"groupBy");export{i as a};
