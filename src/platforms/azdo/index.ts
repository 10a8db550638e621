// Entry of dist/azdo/index.js (CommonJS): nothing but the call.
import { run } from './main.js';

void run();
