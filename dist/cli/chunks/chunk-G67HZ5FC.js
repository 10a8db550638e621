#!/usr/bin/env node
import { createRequire as __kvpgCreateRequire } from 'node:module'; const require = __kvpgCreateRequire(import.meta.url);
import{a as n}from"./chunk-FU4OFQHJ.js";function g(r,i){let t=new Map;for(let s of r){let e=i(s),o=t.get(e);o?o.push(s):t.set(e,[s])}return t}n(g,"groupBy");var u="Microsoft.Authorization/roleAssignments/write";export{g as a,u as b};
