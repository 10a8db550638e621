// Deployments whose template is elsewhere (templateLink uri or relativePath, or a template spec id): not checkable here.
import type { Node } from 'jsonc-parser';
import { nodeValue, properties, propertyValue } from './json-nodes.js';
import type { TemplateDocument } from './jsonc-document.js';

export interface LinkedDeployment {
  kind: 'templateLink' | 'templateSpec';
  /** The deployment's name as written (an expression stays unevaluated). */
  name: string;
  /** templateLink.id (template spec), .uri or .relativePath as written. */
  target: string;
  /** Offset of the deployment resource in the file. */
  offset: number;
  /** Its condition (or a container's) is an expression: it may not deploy at all. */
  conditional: boolean;
  /** The `.json` file an expression target names (`uri(parameters('_artifactsLocation'), 'nested/kv.json')`). */
  file?: string;
  /** templateLink.relativePath as written, when it is a literal: a file beside this template that az packs in. */
  relativePath?: string;
}

const DEPLOYMENTS = /^microsoft\.resources\/deployments$/i;

/** Every linked deployment the file declares, at any depth; a literal `condition: false` leaves one out. */
export function linkedDeployments(doc: TemplateDocument): LinkedDeployment[] {
  const out: LinkedDeployment[] = [];
  const text = (node: Node | undefined) => (node === undefined ? undefined : nodeValue(node, doc.text));
  const walkList = (list: Node | undefined, conditional: boolean): void => {
    // languageVersion 2.0 keys resources by symbolic name.
    const items = list?.type === 'array' ? list.children ?? [] : list?.type === 'object' ? properties(list).map((p) => p.value) : [];
    for (const resource of items) walkResource(resource, conditional);
  };
  const walkResource = (resource: Node, outerConditional: boolean): void => {
    if (resource.type !== 'object') return;
    const condition = text(propertyValue(resource, 'condition'));
    if (condition === false || text(propertyValue(resource, 'existing')) === true) return;
    const conditional = outerConditional || condition !== undefined && condition !== true;
    walkList(propertyValue(resource, 'resources'), conditional);
    const type = text(propertyValue(resource, 'type'));
    if (typeof type !== 'string' || !DEPLOYMENTS.test(type)) return;
    const props = propertyValue(resource, 'properties');
    const inline = propertyValue(props, 'template');
    if (inline?.type === 'object') return walkList(propertyValue(inline, 'resources'), conditional);
    const link = propertyValue(props, 'templateLink');
    if (link === undefined) return;
    const id = text(propertyValue(link, 'id'));
    const where = id ?? text(propertyValue(link, 'uri')) ?? text(propertyValue(link, 'relativePath')) ?? text(link);
    const target = typeof where === 'string' ? where : JSON.stringify(where);
    const relativePath = id === undefined ? text(propertyValue(link, 'relativePath')) : undefined;
    const file = target.startsWith('[') ? [...target.matchAll(/'([^']+\.json)'/gi)].pop()?.[1] : undefined;
    out.push({
      kind: id !== undefined ? 'templateSpec' : 'templateLink',
      name: String(text(propertyValue(resource, 'name')) ?? '(unnamed)'),
      target,
      offset: resource.offset,
      conditional,
      ...(file ? { file } : {}),
      ...(typeof relativePath === 'string' && !relativePath.startsWith('[') ? { relativePath } : {}),
    });
  };
  walkList(propertyValue(doc.root, 'resources'), false);
  return out;
}
