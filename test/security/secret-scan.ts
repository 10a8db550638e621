// Finds credentials in what a run leaves behind: its output streams and every file under the folders it could write.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Emulator } from '../emulator/server.js';

/** Named secret values; each is searched for whole and through its distinctive fragments, plain and encoded. */
export type Secrets = Record<string, string>;

/** A JWT's signature, a PEM's body lines: any one of them in the output leaks the credential. */
export function fragmentsOf(secret: string): string[] {
  const out = new Set<string>([secret]);
  const parts = secret.split('.');
  if (parts.length === 3 && parts.every((p) => /^[\w-]+$/.test(p))) out.add(parts[2]!);
  for (const line of secret.split(/\r?\n/)) if (/^[A-Za-z0-9+/=]{40,}$/.test(line.trim())) out.add(line.trim());
  return [...out].filter((f) => f.length >= 12);
}

/**
 * The forms a fragment takes when something encodes it before printing: URL-encoded (percent and form), JSON-escaped,
 * and base64 (standard and URL-safe) at each of the three byte alignments it can have inside a longer encoded text.
 */
export function encodingsOf(fragment: string): { form: string; text: string }[] {
  const forms: { form: string; text: string }[] = [{ form: 'plain', text: fragment }];
  const add = (form: string, text: string) => {
    if (text.length >= 12 && !forms.some((f) => f.text === text)) forms.push({ form, text });
  };
  add('URL-encoded', encodeURIComponent(fragment));
  add('form-encoded', new URLSearchParams({ v: fragment }).toString().slice(2));
  const escaped = JSON.stringify(fragment).slice(1, -1);
  add('JSON-escaped', escaped);
  add('JSON-escaped', escaped.replace(/\//g, '\\/'));
  const bytes = Buffer.byteLength(fragment);
  for (const shift of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(shift), Buffer.from(fragment)]).toString('base64');
    // Only the characters whose 6 bits all come from the fragment's bytes are the same wherever it sits.
    const stable = encoded.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes)) / 6));
    add('base64', stable);
    add('base64url', stable.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/** `where: name` for every secret (fragment) found, in any of its encodings, in any of the texts. */
export function findLeaks(secrets: Secrets, texts: Record<string, string>, allow: (where: string, line: string, secret: string) => boolean = () => false): string[] {
  const leaks: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    for (const fragment of fragmentsOf(secret)) {
      for (const { form, text: needle } of encodingsOf(fragment)) {
        for (const [where, text] of Object.entries(texts)) {
          if (!text.includes(needle)) continue;
          const lines = text.split('\n').filter((l) => l.includes(needle) && !allow(where, l, secret));
          if (lines.length) leaks.push(`${where}: ${name}${form === 'plain' ? '' : ` (${form})`} in "${lines[0]!.slice(0, 160)}"`);
        }
      }
    }
  }
  return [...new Set(leaks)];
}

/** Text of every file under `dir` (recursively), keyed by its relative path. */
export async function filesUnder(dir: string, skip: (path: string) => boolean = () => false): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (skip(path)) continue;
      if (entry.isDirectory()) await walk(path);
      else out[`file ${relative(dir, path)}`] = await readFile(path, 'utf8');
    }
  };
  await walk(dir);
  return out;
}

/** Records every credential presented to the emulator: bearer tokens, client secrets, client assertions (id tokens). */
export function captureCredentials(emulator: Emulator): Set<string> {
  const seen = new Set<string>();
  emulator.addHandler((req) => {
    const auth = /^(?:Bearer|token|Basic) (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (auth) seen.add(auth);
    if (req.method === 'POST' && /x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
      const form = new URLSearchParams(req.body);
      for (const key of ['client_secret', 'client_assertion']) {
        const value = form.get(key);
        if (value) seen.add(value);
      }
    }
    return false;
  });
  return seen;
}
