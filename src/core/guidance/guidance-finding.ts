// A Finding built from a catalog entry, so title, link and default level come from one place.
import type { Finding, SourceLocation } from '../types.js';
import { GUIDANCE, type GuidanceCode } from './catalog.js';

/** Builds a Finding from a catalog entry; `level` and `fix` default to the catalog's. */
export function guidanceFinding(
  code: GuidanceCode,
  detail: { message: string; fix?: string; vaultId?: string; location?: SourceLocation; level?: Finding['level'] },
): Finding {
  const entry = GUIDANCE[code];
  const finding: Finding = { code, level: detail.level ?? entry.level, title: entry.title, message: detail.message, helpUri: entry.helpUri };
  // A finding always says what to do: the catalog's usual next step when the caller has no concrete one.
  finding.fix = detail.fix ?? entry.fix;
  if (detail.vaultId !== undefined) finding.vaultId = detail.vaultId;
  if (detail.location !== undefined) finding.location = detail.location;
  return finding;
}
