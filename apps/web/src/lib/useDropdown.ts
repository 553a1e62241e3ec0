import { onClickOutside } from '@vueuse/core';
import { ref } from 'vue';

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

  onClickOutside(root, () => close());
  return { open, root, button, close };
}
