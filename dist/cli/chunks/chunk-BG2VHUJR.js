#!/usr/bin/env node
import { createRequire as __kvpgCreateRequire } from 'node:module'; const require = __kvpgCreateRequire(import.meta.url);
var e=["keys","secrets","certificates","storage"];export{e as a};
