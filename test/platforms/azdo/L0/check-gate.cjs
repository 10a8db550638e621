require('./run-task.cjs')({ mode: 'check', template: 'azuredeploy.json', resourceGroup: 'rg-app', failOn: 'error', config: 'kvpg.yml' });
