import { onBeforeUnmount, onMounted, ref } from 'vue';

/**
 * A header dropdown's open state: a click outside `root` closes it, and `close(true)` (for
 * Escape) hands focus back to the `button` that opened it. Bind `ref="root"`/`ref="button"`.
 */
export function useDropdown() {
  const open = ref(false);
  const root = ref<HTMLElement | null>(null);
  const button = ref<HTMLButtonElement | null>(null);

  function close(returnFocus = false): void {
    if (!open.value) return;
    open.value = false;
    if (returnFocus) button.value?.focus();
  }

  function onDocumentClick(event: MouseEvent): void {
    if (root.value && event.target instanceof Node && !root.value.contains(event.target)) close();
  }

  onMounted(() => document.addEventListener('click', onDocumentClick));
  onBeforeUnmount(() => document.removeEventListener('click', onDocumentClick));
  return { open, root, button, close };
}
