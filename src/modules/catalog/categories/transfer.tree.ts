// The tree an import would leave: keys must stay unique, every `parent_key` must name a category
// of the tenant or another (valid) row of the file, and the result must have no cycle and no level
// past CATEGORY_MAX_LEVEL. Rows that break a rule become row errors and are left out, which may in
// turn leave other rows without their parent: repeated until nothing changes.
import type { RowError } from '../../../lib/transfer/model';
import { CATEGORY_MAX_LEVEL, type Category } from './categories.model';
import type { TranslationValues } from './transfer.queries';

export interface PlannedRow {
  row: number;
  identifier: string;
  id: string;
  isNew: boolean;
  parentKey: string | null;
  values: { key: string; name: string; description: string | null; filter_id: string | null; language: string };
  upserts: TranslationValues[];
  deletes: string[];
}

export type ResolvedRow = PlannedRow & { parentId: string | null; level: number };

/** Level of nodes on or under a cycle (never a real level; roots sit on -1 + 1 = 0). */
const CYCLE = -100;

export function resolveTree(existing: Category[], planned: PlannedRow[], errors: RowError[]): ResolvedRow[] {
  const before = new Map(existing.map((c) => [c.id, c]));
  let active = planned;
  for (;;) {
    const failed = new Map<PlannedRow, RowError>();
    const fail = (p: PlannedRow, column: string, value: string, message: string, code: RowError['code']) => {
      if (!failed.has(p)) failed.set(p, { row: p.row, column, value, identifier: p.identifier, message, code });
    };
    // Keys after the import: rows' old keys are freed first, so keys may move between rows.
    const keyOwner = new Map(existing.map((c) => [c.key, c.id]));
    for (const p of active) if (!p.isNew && keyOwner.get(before.get(p.id)!.key) === p.id) keyOwner.delete(before.get(p.id)!.key);
    for (const p of active) {
      const owner = keyOwner.get(p.values.key);
      if (owner && owner !== p.id) fail(p, 'key', p.values.key, 'Another category of the tenant already has this key', 'DUPLICATE_ENTRY');
      else keyOwner.set(p.values.key, p.id);
    }
    const parentOf = new Map<string, string | null>(existing.map((c) => [c.id, c.parentId]));
    const rowOf = new Map<string, PlannedRow>();
    for (const p of active) {
      rowOf.set(p.id, p);
      const parentId = p.parentKey === null ? null : keyOwner.get(p.parentKey);
      if (parentId === undefined) {
        fail(p, 'parent_key', p.parentKey!, `No category with key ${p.parentKey} in this tenant or in a valid row of the file`, 'REFERENCE_NOT_FOUND');
        parentOf.set(p.id, before.get(p.id)?.parentId ?? null);
      } else parentOf.set(p.id, parentId);
    }
    const moved = (id: string) => {
      const p = rowOf.get(id);
      return p !== undefined && (p.isNew || before.get(id)!.parentId !== parentOf.get(id));
    };
    // Levels of every node, by walking up to a node already known (CYCLE for nodes on or under a cycle).
    const level = new Map<string, number>();
    for (const start of parentOf.keys()) {
      const path: string[] = [];
      const onPath = new Set<string>();
      let cur: string | null = start;
      let base = -1;
      while (cur !== null && !level.has(cur)) {
        if (onPath.has(cur)) {
          const cycle = path.slice(path.indexOf(cur));
          for (const id of cycle) {
            level.set(id, CYCLE);
            const p = rowOf.get(id);
            if (p && moved(id)) fail(p, 'parent_key', p.parentKey ?? '', 'This parent would make a cycle (a category under its own descendant)', 'VALIDATION_ERROR');
          }
          break;
        }
        onPath.add(cur);
        path.push(cur);
        cur = parentOf.get(cur) ?? null;
      }
      if (cur !== null) base = level.get(cur)!;
      for (let i = path.length - 1; i >= 0; i--) {
        const id = path[i]!;
        if (level.has(id)) continue;
        base = base === CYCLE ? CYCLE : base + 1;
        level.set(id, base);
      }
    }
    for (const [id, l] of level) {
      if (l <= CATEGORY_MAX_LEVEL) continue;
      // Blame the nearest row (the node itself or an ancestor) that put it there.
      for (let n: string | null = id; n !== null; n = parentOf.get(n) ?? null) {
        if (!moved(n)) continue;
        fail(rowOf.get(n)!, 'parent_key', rowOf.get(n)!.parentKey ?? '', `Categories nest at most ${CATEGORY_MAX_LEVEL} levels below a root (this would reach level ${l})`, 'VALIDATION_ERROR');
        break;
      }
    }
    if (!failed.size) return active.map((p) => ({ ...p, parentId: parentOf.get(p.id) ?? null, level: level.get(p.id)! }));
    errors.push(...failed.values());
    active = active.filter((p) => !failed.has(p));
  }
}
