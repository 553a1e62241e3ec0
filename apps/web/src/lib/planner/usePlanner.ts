import { useQueryClient } from '@tanstack/vue-query';
import { trpcKeys, type QueryOutput } from '../query';

export type Assessment = QueryOutput<'planner.list'>[number];
export type Stage = Assessment['stages'][number];
export type Subtask = Stage['subtasks'][number];

const byDueDate = (a: Assessment, b: Assessment) =>
  a.dueDate.localeCompare(b.dueDate) || a.createdAt.localeCompare(b.createdAt);

/**
 * Keeps the cached `planner.list` in step with the answers of planner mutations: each returns
 * the whole updated assessment, so the page updates without refetching the list.
 */
export function usePlannerCache() {
  const queryClient = useQueryClient();
  const update = (change: (list: Assessment[]) => Assessment[]) => {
    const list = queryClient.getQueryData(trpcKeys.planner.list.queryKey());
    if (list) queryClient.setQueryData(trpcKeys.planner.list.queryKey(), change(list));
  };
  return {
    put(assessment: Assessment): void {
      update((list) =>
        (list.some((item) => item.id === assessment.id)
          ? list.map((item) => (item.id === assessment.id ? assessment : item))
          : [...list, assessment]
        ).sort(byDueDate),
      );
    },
    remove(id: string): void {
      update((list) => list.filter((item) => item.id !== id));
    },
  };
}
