require('./run-task.cjs')({ mode: 'plan', template: 'azuredeploy.json', resourceGroup: 'rg-app' });
