// Test files run two at a time (vitest.config.ts maxWorkers). The shared security suite's three
// files are the longest by far (minutes each): they start first so no worker is left running one
// alone at the end. The rest keep vitest's own order (failed, then longest last time, then largest).
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const FIRST = /test\/security\/route-table-/;

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((f) => FIRST.test(f.moduleId)), ...sorted.filter((f) => !FIRST.test(f.moduleId))];
  }
}
