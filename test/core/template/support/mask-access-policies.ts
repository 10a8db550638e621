// Test support: a template's text with every vault's accessPolicies (and an accessPolicies copy loop) cut out,
// so two texts can be compared byte-for-byte everywhere else.
import { nodeAtPath, properties, propertyValue } from '../../../../src/core/template/json-nodes.js';
import { parseJsoncText } from '../../../../src/core/template/jsonc-document.js';

export function withoutAccessPolicies(file: string, text: string, vaultPaths: readonly (string | number)[][]): string {
  const doc = parseJsoncText(file, text);
  const ranges: [number, number][] = [];
  for (const path of vaultPaths) {
    const list = properties(nodeAtPath(doc.root, [...path, 'properties']));
    list.forEach(({ key, value, property }, i) => {
      const name = String(key.value).toLowerCase();
      const loopsOverPolicies =
        name === 'copy' && (value.children ?? []).some((c) => String(propertyValue(c, 'name')?.value).toLowerCase() === 'accesspolicies');
      if (name !== 'accesspolicies' && !loopsOverPolicies) return;
      const previous = list[i - 1];
      const next = list[i + 1];
      if (previous) ranges.push([previous.value.offset + previous.value.length, property.offset + property.length]);
      else if (next) ranges.push([property.offset, next.property.offset]);
      else ranges.push([property.offset, property.offset + property.length]);
    });
  }
  ranges.sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [start, end] of ranges) out = out.slice(0, start) + out.slice(end);
  return out;
}
