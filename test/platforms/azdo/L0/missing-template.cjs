require('./run-task.cjs')({ mode: 'check', template: 'does-not-exist/*.json' });
