#!/usr/bin/env node
import { createRequire as __kvpgCreateRequire } from 'node:module'; const require = __kvpgCreateRequire(import.meta.url);
import{a as n}from"./chunk-FU4OFQHJ.js";var g="Microsoft.Authorization/roleAssignments/write";function c(r,i){let t=new Map;for(let s of r){let e=i(s),o=t.get(e);o?o.push(s):t.set(e,[s])}return t}n(c,"groupBy");export{c as a,g as b};
