require('./run-task.cjs')({ mode: 'inject', template: 'azuredeploy.json', resourceGroup: 'rg-app', outputDir: 'out' });
