// Who an object id is, as every report prints it beside the id: `Trevor Jones (user)`, a type alone, or a state.
import type { PrincipalNames, PrincipalType } from '../types.js';
import { formatPrincipal } from './format-permissions.js';

const TYPE_WORDS: Record<PrincipalType, string> = {
  user: 'user',
  group: 'group',
  servicePrincipal: 'service principal',
  managedIdentity: 'managed identity',
  application: 'application object, not a service principal',
  device: 'device',
  other: 'directory object',
};

/** Longest display name shown; Entra ID allows 256 characters. */
const MAX_NAME = 80;

type Identity = { objectId: string; applicationId?: string; tenantId?: string };

/**
 * `Trevor Jones (user)`, `(service principal)` when only the type came back, `(deleted identity)` when the directory
 * does not have the id, `(foreign tenant)` for an entry of another tenant; undefined when nothing is known.
 */
export function principalDescription(p: Identity, names?: PrincipalNames): string | undefined {
  if (!names) return undefined;
  if (p.tenantId && names.tenantId && !p.tenantId.startsWith('[') && p.tenantId.toLowerCase() !== names.tenantId.toLowerCase()) return '(foreign tenant)';
  const entry = names.byId.get(p.objectId.toLowerCase());
  if (!entry) return undefined;
  if (!entry.exists) return '(deleted identity)';
  const name = entry.displayName === undefined ? '' : cleanDisplayName(entry.displayName);
  const type = entry.type ? TYPE_WORDS[entry.type] : undefined;
  if (name && type) return `${name} (${type})`;
  return name || (type ? `(${type})` : undefined);
}

/** `<objectId> Trevor Jones (user)`; just the id (and app) when nothing is known. */
export function principalLabel(p: Identity, names?: PrincipalNames): string {
  const described = principalDescription(p, names);
  return described ? `${formatPrincipal(p)} ${described}` : formatPrincipal(p);
}

/** Markdown: the id as code, the name as escaped text (display names are chosen by anyone who can register an app). */
export function principalMarkdown(p: Identity, names?: PrincipalNames): string {
  const described = principalDescription(p, names);
  return `\`${formatPrincipal(p)}\`${described ? ` ${escapeMarkdown(described)}` : ''}`;
}

/**
 * One line, no control or bidirectional-override characters, no `##` that an Azure DevOps agent could read as a
 * logging command, at most MAX_NAME characters.
 */
export function cleanDisplayName(name: string): string {
  const flat = name
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/#(?=#)/g, '#\u2009');
  const chars = [...flat];
  return chars.length > MAX_NAME ? `${chars.slice(0, MAX_NAME - 1).join('')}…` : flat;
}

function escapeMarkdown(text: string): string {
  // `@` is kept from becoming a mention with a word joiner; `|` is left to the table row, which escapes every cell.
  return text.replace(/[\\`*_[\]<>~!#&]/g, '\\$&').replace(/@/g, '@\u2060');
}
