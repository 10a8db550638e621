// Entry of dist/github/index.js: nothing but the call.
import { run } from './main.js';

void run();
