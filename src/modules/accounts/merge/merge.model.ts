// The merge vocabulary shared by the handler and the service.
export type MergeMode = 'move_all' | 'safe_only';

export interface MergePlan {
  counts: Record<string, number>;
  warnings: string[];
}
