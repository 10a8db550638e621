// Reads and parses the templates (compiling Bicep through the port) and plans their vaults in one deployment context.
import { InputError } from './errors.js';
import { explainLinkedDeployment, explainParametersSchema } from './guidance/explain-unchecked.js';
import type { Value } from './template/expression/index.js';
import { parseTemplateText, type TemplateDocument } from './template/jsonc-document.js';
import { linkedDeployments } from './template/linked-deployments.js';
import { bindParameters, readParametersFile } from './template/parameters-file.js';
import { planTemplate } from './template/plan-template.js';
import type { KeyVaultApiVersionUse } from './permission-model/index.js';
import type { FilePort, Finding, PlannedVault, RunConfig, SourceLocation } from './types.js';
import { surelyWithin, utf8Length } from './utf8-length.js';

export interface LoadedTemplate {
  path: string;
  doc: TemplateDocument;
  parameters: Record<string, Value>;
  /** Where the parameters file sets each parameter. */
  parameterLocations?: Record<string, SourceLocation>;
  /** What loading it found but cannot check (linked deployments, a parameters file's wrong $schema): warnings. */
  findings: Finding[];
}

export interface TemplateSource {
  files: FilePort;
  compileBicep?: (path: string) => Promise<string>;
}

export async function loadTemplates(config: RunConfig, ports: TemplateSource): Promise<LoadedTemplate[]> {
  // One parameters file serves every template: read and parsed once, bound to each template's declarations.
  const params = config.parametersFile ? readParametersFile(config.parametersFile, await ports.files.readText(config.parametersFile)) : undefined;
  const loaded: LoadedTemplate[] = [];
  for (const path of config.templates) {
    let text: string;
    if (/\.bicep$/i.test(path)) {
      if (!ports.compileBicep) {
        throw new InputError({ code: 'KVPG-BICEP', message: `${path}: Bicep files need the Bicep CLI`, fix: 'install bicep or az bicep, or pass the compiled JSON', location: { file: path } });
      }
      text = await ports.compileBicep(path);
    } else {
      text = await ports.files.readText(path);
    }
    assertDeployableSize(path, text);
    const doc = parseTemplateText(path, text);
    const parameters = params ? bindParameters(doc, params) : {};
    const findings = linkedDeployments(doc).map((linked) => explainLinkedDeployment(linked, doc.locate(linked.offset)));
    // Said once, with the first template the file is bound to.
    if (params?.schemaWarning && loaded.length === 0) findings.unshift(explainParametersSchema(params.schemaWarning));
    loaded.push({ path, doc, parameters, findings, ...(params ? { parameterLocations: params.locations } : {}) });
  }
  return loaded;
}

/** ARM refuses templates over 4 MB, so such an input can never deploy: stop before planning or writing anything. */
const ARM_TEMPLATE_LIMIT_BYTES = 4 * 1024 * 1024;
function assertDeployableSize(path: string, text: string): void {
  // Most templates need no encoding to know they fit.
  if (surelyWithin(text.length, ARM_TEMPLATE_LIMIT_BYTES)) return;
  const bytes = utf8Length(text);
  if (bytes <= ARM_TEMPLATE_LIMIT_BYTES) return;
  throw new InputError({
    code: 'KVPG-TEMPLATE-TOO-LARGE',
    message: `${path} is ${bytes} bytes; ARM accepts templates of at most 4 MB (${ARM_TEMPLATE_LIMIT_BYTES} bytes), so this one cannot be deployed`,
    fix: 'split the template into linked or nested deployments (or Bicep modules) of at most 4 MB each',
    location: { file: path },
  });
}

/** `apiVersions`, when given, collects every Key Vault resource's api-version (see PlanTemplateOptions). */
export function planAll(templates: LoadedTemplate[], config: RunConfig, tenantId: string, apiVersions?: KeyVaultApiVersionUse[]): PlannedVault[] {
  const unknown: ('subscriptionId' | 'tenantId' | 'resourceGroup' | 'location')[] = [];
  if (!config.subscriptionId) unknown.push('subscriptionId');
  if (!tenantId) unknown.push('tenantId');
  if (!config.resourceGroup) unknown.push('resourceGroup');
  if (!config.location) unknown.push('location');
  const context = {
    subscriptionId: config.subscriptionId ?? '00000000-0000-0000-0000-000000000000',
    tenantId: tenantId || '00000000-0000-0000-0000-000000000000',
    resourceGroup: { name: config.resourceGroup ?? 'unknown', location: config.location ?? 'unknown' },
    deploymentName: config.deploymentName ?? 'keyvault-policy-guard',
    environmentName: config.environment,
    unknown,
  };
  return templates.flatMap((t) =>
    planTemplate(t.doc, { context, parameters: t.parameters, overrides: config.parameterOverrides as never, parameterLocations: t.parameterLocations, ...(apiVersions ? { apiVersions } : {}) }),
  );
}

