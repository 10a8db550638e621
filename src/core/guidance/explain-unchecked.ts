// What a run read but could not check, said as warnings: linked deployments, a parameters file with the template schema.
import type { LinkedDeployment } from '../template/linked-deployments.js';
import type { Finding, SourceLocation } from '../types.js';
import { guidanceFinding } from './guidance-finding.js';

/** A deployment whose template lives elsewhere: any vault it deploys keeps no live access policies through this run. */
export function explainLinkedDeployment(linked: LinkedDeployment, location: SourceLocation): Finding {
  const source = linked.kind === 'templateSpec' ? `template spec ${linked.target}` : `linked template ${linked.target}`;
  const maybe = linked.conditional ? ' (if its condition deploys it)' : '';
  const fix =
    linked.kind === 'templateSpec'
      ? `Export the template spec (\`az ts export --template-spec ${linked.target} --output-folder ts\`) and run keyvault-policy-guard on it with the parameters this deployment passes, or deploy it from source as a Bicep module.`
      : `Run keyvault-policy-guard on ${linked.file ? `${linked.file} (the file that uri names)` : linked.target} too, with the parameters this deployment passes it, or make it an inline nested template (Bicep modules compile inline).`;
  return guidanceFinding('KVPG-LINKED-NOT-CHECKED', {
    message: `Deployment "${linked.name}" deploys the ${source}, which is not part of ${location.file}: no Key Vault it deploys${maybe} was checked, and none is kept by inject.`,
    fix,
    location,
  });
}

export function explainParametersSchema(warning: { message: string; fix: string; location: SourceLocation }): Finding {
  return guidanceFinding('KVPG-PARAMETERS-SCHEMA', warning);
}
