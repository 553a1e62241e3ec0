/**
 * Which assessments the student folded on the planner, remembered on this device so a long
 * planner stays short between visits. Storage can be unavailable (private mode): then folding
 * lasts for the visit.
 */
const STORAGE_KEY = 'studysync.planner.collapsed';

function read(): Set<string> {
  try {
    const stored: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '[]');
    return new Set(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    return new Set();
  }
}

export function isCollapsed(assessmentId: string): boolean {
  return read().has(assessmentId);
}

export function rememberCollapsed(assessmentId: string, collapsed: boolean): void {
  const ids = read();
  if (collapsed) ids.add(assessmentId);
  else ids.delete(assessmentId);
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify([...ids]));
  } catch {
    // Private mode or storage full: folded for this visit only.
  }
}
