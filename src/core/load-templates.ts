// Reads and parses the templates and their parameters files (compiling Bicep through the ports), pairs them, and plans their vaults in one deployment context.
import { InputError } from './errors.js';
import { explainLinkedDeployment, explainParametersSchema } from './guidance/explain-unchecked.js';
import type { Value } from './template/expression/index.js';
import { closest } from './did-you-mean.js';
import { describePairings, normalPath, pairParameters, samePath, usingTarget, type ParametersSource } from './pair-parameters.js';
import { isParametersSchema, parseJsoncText, parseTemplateText, type TemplateDocument } from './template/jsonc-document.js';
import { linkedDeployments, type LinkedDeployment } from './template/linked-deployments.js';
import type { LinkedFile } from './guidance/explain-unchecked.js';
import { bindParameters, readParametersFile, type ParametersFile } from './template/parameters-file.js';
import { planTemplate, type PendingChild } from './template/plan-template.js';
import { groupBy } from './group-by.js';
import { asObject, declaredType } from './template/template-scope.js';
import { secureParameterValues } from './secrets/secure-parameters.js';
import { childrenOnlyVault } from './children-only-vaults.js';
import type { KeyVaultApiVersionUse } from './permission-model/index.js';
import type { DetachedChild, ElsewhereChild, FilePort, Finding, LogPort, PlannedVault, RunConfig, SkippedVault, SourceLocation } from './types.js';
import { surelyWithin, utf8Length } from './utf8-length.js';

export interface LoadedTemplate {
  path: string;
  doc: TemplateDocument;
  parameters: Record<string, Value>;
  /** Where the parameters file sets each parameter. */
  parameterLocations?: Record<string, SourceLocation>;
  /** What loading it found but cannot check (linked deployments, a parameters file's wrong $schema): warnings. */
  findings: Finding[];
  /** The command-line overrides this template declares (the others' are ignored for it). */
  overrides?: Record<string, Value>;
  /** The run's secure parameter values (src/core/secrets): masked when read; inject never writes one. */
  secureValues?: string[];
}

export interface TemplateSource {
  files: FilePort;
  compileBicep?: (path: string) => Promise<string>;
  /** Compiles a .bicepparam file to ARM parameters JSON text. */
  compileBicepParams?: (path: string) => Promise<string>;
  log?: LogPort;
}

export async function loadTemplates(config: RunConfig, ports: TemplateSource): Promise<LoadedTemplate[]> {
  const read: { path: string; doc: TemplateDocument }[] = [];
  const sources: ParametersSource[] = [];
  const texts = new Map<string, string>();
  const globbed = new Set(config.globMatched ?? []);
  for (const path of config.parametersFiles ?? (config.parametersFile ? [config.parametersFile] : [])) {
    sources.push(await parametersSource(path, true, ports, texts));
  }
  for (const path of config.templates) {
    if (BICEPPARAM.test(path)) {
      sources.push(await parametersSource(path, false, ports, texts));
      continue;
    }
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
    // A glob over a folder matches its parameters files too: they pair with their templates by name.
    if (isParametersText(path, text)) {
      texts.set(path, text);
      sources.push({ path, explicit: false });
      continue;
    }
    let doc: TemplateDocument;
    try {
      doc = parseTemplateText(path, text);
    } catch (error) {
      // A glob over a folder also matches bicepconfig.json, metadata.json and the like: those are not templates.
      if (!globbed.has(path) || (error as { code?: string }).code !== 'KVPG-TEMPLATE-SCHEMA') throw error;
      ports.log?.info(`skipped ${path}: ${(error as Error).message.replace(/^\S+ is /, 'it is ').replace(/\.$/, '')} (matched by a glob)`);
      continue;
    }
    read.push({ path, doc });
  }
  if (read.length === 0) {
    throw new InputError({
      code: 'KVPG-INPUT-NO-TEMPLATES',
      message: `None of the files given as templates is a deployment template (${config.templates.join(', ')}).`,
      fix: 'Pass the templates themselves with --template (the parameters files with --parameters).',
    });
  }
  const { pairings, unpaired } = pairParameters(read.map((r) => r.path), sources);
  const several = read.length > 1 || sources.length > 1;
  for (const line of describePairings(pairings)) (several ? ports.log?.info : ports.log?.debug)?.(line);
  for (const source of unpaired) ports.log?.info(`parameters: ${source.path} matches no template by name; not used`);
  // Each parameters file is parsed once, however many templates it serves.
  const parsed = new Map<string, ParametersFile>();
  const parametersOf = (path: string) => {
    let file = parsed.get(path);
    if (file === undefined) parsed.set(path, (file = readParametersFile(path, texts.get(path)!)));
    return file;
  };
  const overrides = overridesByTemplate(read.map((r) => r.doc), config.parameterOverrides as Record<string, Value>, ports.log, config.parameterOverrideTexts);
  const warned = new Set<string>();
  const linked = await Promise.all(read.map(({ path, doc }) => localLinkedTemplates(path, doc, config.templates, ports.files)));
  const loaded = read.map(({ path, doc }, i): LoadedTemplate => {
    const file = pairings[i]!.parameters;
    const params = file ? parametersOf(file) : undefined;
    const findings = linked[i]!.map(({ linked: l, local }) => explainLinkedDeployment(l, doc.locate(l.offset), local));
    // Said once per parameters file, with the first template it is bound to.
    if (file && params?.schemaWarning && !warned.has(file)) {
      warned.add(file);
      findings.unshift(explainParametersSchema(params.schemaWarning));
    }
    return { path, doc, parameters: params ? bindParameters(doc, params) : {}, overrides: overrides[i]!, findings, ...(params ? { parameterLocations: params.locations } : {}) };
  });
  // The values of secure parameters are known now: the host masks them before anything could print one.
  const secureValues = secureParameterValues(loaded);
  for (const secret of secureValues) ports.log?.mask?.(secret);
  return loaded.map((t) => ({ ...t, secureValues }));
}

const BICEPPARAM = /\.bicepparam$/i;
const VAULT_TYPE = /^microsoft\.keyvault\/vaults$/i;

/** Whether a template value deploys a Key Vault (not an `existing` one): its resources, theirs, and inline nested templates. */
function declaresVault(template: unknown): boolean {
  const resources = (template as { resources?: unknown } | null)?.resources;
  const list = Array.isArray(resources) ? resources : resources !== null && typeof resources === 'object' ? Object.values(resources) : [];
  return list.some((r) => {
    if (r === null || typeof r !== 'object') return false;
    const { type, existing, properties } = r as { type?: unknown; existing?: unknown; properties?: { template?: unknown } };
    if (existing === true) return false;
    return (typeof type === 'string' && VAULT_TYPE.test(type)) || declaresVault(r) || declaresVault(properties?.template);
  });
}

/**
 * The linked deployments of a template, each with what its relativePath file (read beside the template, as az packs
 * it) shows: whether it declares a Key Vault, and whether this run reads it as a template of its own.
 */
async function localLinkedTemplates(path: string, doc: TemplateDocument, templates: readonly string[], files: FilePort): Promise<{ linked: LinkedDeployment; local?: LinkedFile }[]> {
  return Promise.all(linkedDeployments(doc).map(async (linked) => {
    if (linked.relativePath === undefined) return { linked };
    const folder = normalPath(path).split('/').slice(0, -1).join('/');
    const target = normalPath(folder === '' ? linked.relativePath : `${folder}/${linked.relativePath}`);
    let text: string;
    try {
      text = await files.readText(target);
    } catch {
      return { linked };
    }
    // The same file however the run spells it: relative, or absolute with the same ending.
    const inRun = templates.some((t) => samePath(t, target) || normalPath(t).toLowerCase().endsWith(`/${target.toLowerCase()}`) || target.toLowerCase().endsWith(`/${normalPath(t).toLowerCase()}`));
    let value: unknown;
    try {
      value = parseJsoncText(target, text).value;
    } catch {
      return { linked };
    }
    return { linked, local: { path: target, declaresVault: declaresVault(value), inRun } };
  }));
}

async function parametersSource(path: string, explicit: boolean, ports: TemplateSource, texts: Map<string, string>): Promise<ParametersSource> {
  if (!BICEPPARAM.test(path)) {
    texts.set(path, await ports.files.readText(path));
    return { path, explicit };
  }
  if (!ports.compileBicepParams) {
    throw new InputError({ code: 'KVPG-BICEP', message: `${path}: .bicepparam files need the Bicep CLI`, fix: 'install bicep or az bicep, or pass a JSON parameters file', location: { file: path } });
  }
  const source: ParametersSource = { path, explicit };
  const target = usingTarget(path, await ports.files.readText(path));
  if (target !== undefined) source.using = target;
  texts.set(path, await ports.compileBicepParams(path));
  return source;
}

function isParametersText(path: string, text: string): boolean {
  // Only by name: a file called like a template but holding parameters is a mistake worth the template error.
  if (!/\.parameters\.jsonc?$/i.test(path)) return false;
  try {
    const value = parseJsoncText(path, text).value as Record<string, unknown> | null;
    return value !== null && typeof value === 'object' && isParametersSchema(value['$schema']);
  } catch {
    return false;
  }
}

/**
 * Per template, the overrides it declares. An override no template declares is refused (a typo would otherwise pass
 * silently); one that only some templates declare is ignored by the others, with a debug line.
 */
function overridesByTemplate(docs: TemplateDocument[], overrides: Record<string, Value>, log?: LogPort, bareTexts: Record<string, string> = {}): Record<string, Value>[] {
  const declared = docs.map((doc) => new Set(Object.keys(declaredParameters(doc)).map((n) => n.toLowerCase())));
  const out: Record<string, Value>[] = docs.map(() => ({}));
  for (const [name, value] of Object.entries(overrides)) {
    const users = declared.map((names, i) => (names.has(name.toLowerCase()) ? i : -1)).filter((i) => i >= 0);
    // With one template, planTemplate itself refuses an unknown name (with the template's declarations listed).
    if (users.length === 0 && docs.length > 1) {
      throw new InputError({
        code: 'KVPG-PARAMETERS-UNKNOWN',
        message: `A parameter override sets "${name}", which none of the ${docs.length} templates declares (${docs.map((d) => d.file).join(', ')}).`,
        fix: `Use a parameter one of them declares${suggestion(name, docs)}, or drop --parameter ${name}.`,
      });
    }
    docs.forEach((doc, i) => {
      if (users.includes(i) || docs.length === 1) out[i]![name] = asDeclared(doc, name, value, bareTexts[name]);
      else log?.debug(`parameter override ${name}: ${doc.file} does not declare it; ignored there`);
    });
  }
  return out;
}

/** A bare `1e3`, `true` or `null` given to a parameter the template declares a string stays the text written, as az passes it. */
function asDeclared(doc: TemplateDocument, name: string, value: Value, bareText: string | undefined): Value {
  if (bareText === undefined) return value;
  const declared = declaredParameters(doc);
  const key = Object.keys(declared).find((k) => k.toLowerCase() === name.toLowerCase());
  // declaredType follows `$ref` into definitions (Bicep's user-defined types).
  const type = key === undefined ? '' : declaredType(asObject(declared[key]), asObject(doc.value));
  return type === 'string' || type === 'securestring' ? bareText : value;
}

function declaredParameters(doc: TemplateDocument): Record<string, unknown> {
  const value = doc.value as Record<string, unknown> | null;
  const parameters = value && typeof value === 'object' ? value['parameters'] : undefined;
  return parameters && typeof parameters === 'object' && !Array.isArray(parameters) ? (parameters as Record<string, unknown>) : {};
}

function suggestion(name: string, docs: TemplateDocument[]): string {
  const close = closest(name, docs.flatMap((d) => Object.keys(declaredParameters(d))));
  return close ? ` (did you mean ${close}?)` : '';
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

/**
 * What planning collects beside the vaults: every Key Vault resource's api-version, the vaults a false condition
 * leaves out, and the accessPolicies children attached to no planned vault (deployed elsewhere, or not known).
 */
export interface PlanCollectors {
  apiVersions?: KeyVaultApiVersionUse[];
  skipped?: SkippedVault[];
  detached?: DetachedChild[];
  /** The accessPolicies children applied to a vault another of the templates deploys, with that vault. */
  crossTemplate?: { child: ElsewhereChild; vault: PlannedVault }[];
  /** Per vault no template deploys, a stand-in (childrenOnlyVault) with its known children attached in run order. */
  childrenOnly?: PlannedVault[];
}

export function planAll(templates: LoadedTemplate[], config: RunConfig, tenantId: string, collect: PlanCollectors = {}): PlannedVault[] {
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
  const pending: PendingChild[] = [];
  const vaults = templates.flatMap((t) =>
    planTemplate(t.doc, {
      context,
      parameters: t.parameters,
      overrides: t.overrides ?? (config.parameterOverrides as Record<string, Value>),
      ...(t.parameterLocations ? { parameterLocations: t.parameterLocations } : {}),
      ...(collect.apiVersions ? { apiVersions: collect.apiVersions } : {}),
      ...(collect.skipped ? { skipped: collect.skipped } : {}),
      detached: pending,
    }),
  );
  // Each template plans alone: a child of a vault another template deploys is applied to that vault here, after the
  // vault's own children, as if its template deployed second. One whose vault is not known offline may be any vault.
  const byId = groupBy(vaults.filter((v) => v.resolved), (v) => v.id.toLowerCase());
  const unknownVault = vaults.find((v) => !v.resolved);
  // Parameters a planned vault's own id waits for: a child missing only those is most likely that vault's, and the
  // vault's KVPG-VAULT-UNRESOLVED already asks for them.
  const standIns = new Map<string, PlannedVault>();
  const standIn = (child: ElsewhereChild) => {
    let vault = standIns.get(child.vaultId.toLowerCase());
    if (vault === undefined) {
      standIns.set(child.vaultId.toLowerCase(), (vault = childrenOnlyVault(child.vaultId, child.location)));
      collect.childrenOnly?.push(vault);
    }
    return vault;
  };
  const awaited = new Set(vaults.flatMap((v) => (v.resolved ? [] : v.missingParameters ?? [])).map((p) => p.toLowerCase()));
  for (const { child, attach } of pending) {
    if ('unresolved' in child && child.unresolved.missingParameters.length > 0 && child.unresolved.missingParameters.every((p) => awaited.has(p.toLowerCase()))) continue;
    if (!('vaultId' in child)) {
      collect.detached?.push(child);
      continue;
    }
    const targets = byId.get(child.vaultId.toLowerCase()) ?? [];
    for (const vault of targets) {
      attach?.(vault);
      collect.crossTemplate?.push({ child, vault });
    }
    if (targets.length > 0) continue;
    // A planned vault whose id is not known offline may be the one it names: "deployed elsewhere" would be a guess.
    if (unknownVault) {
      const at = `${unknownVault.location.file}:${unknownVault.location.line}`;
      const { vaultId, ...rest } = child;
      collect.detached?.push({ ...rest, unresolved: { reason: `it names ${vaultId}, which may be the vault at ${at}, whose resource id is not known offline`, missingParameters: unknownVault.missingParameters ?? [] } });
    } else {
      collect.detached?.push(child);
      if (collect.childrenOnly) attach?.(standIn(child));
    }
  }
  return vaults;
}

