// Shared body of the L0 mock runs: inputs from the caller, then the committed bundle, as the agent would start it.
const path = require('node:path');
const { TaskMockRunner } = require('azure-pipelines-task-lib/mock-run');

module.exports = function runTask(inputs) {
  const tmr = new TaskMockRunner(path.resolve(__dirname, '../../../../dist/azdo/index.js'));
  for (const [name, value] of Object.entries(inputs)) tmr.setInput(name, value);
  // The test process puts the template in a fresh workspace and hands its path over.
  process.chdir(process.env.KVPG_L0_WORKSPACE);
  // The bundle carries its own task-lib, so the real one runs (no mocked task module).
  tmr.run(true);
};
