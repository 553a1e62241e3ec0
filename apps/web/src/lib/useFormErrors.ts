import { nextTick, shallowRef, type Ref } from 'vue';
import { issuesToFieldErrors, noFormErrors, toFormErrors, type FormErrors } from './formErrors';

export interface FormErrorsState<Field extends string> {
  errors: Ref<FormErrors<Field>>;
  /** Client-side validation failed: show these issues. */
  showIssues: (issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>) => Promise<void>;
  /** The server rejected the submission: show its field errors / message. */
  showServerError: (error: unknown) => Promise<void>;
  /** The user edited a field: its message is stale now. */
  clearField: (field: Field) => void;
  reset: () => void;
}

/**
 * Error state for a form, plus focus management: after errors appear, focus
 * moves to the first invalid control in `form`, or to the form-level alert
 * when no field is to blame.
 */
export function useFormErrors<Field extends string>(
  fields: readonly Field[],
  form: Ref<HTMLFormElement | null>,
  alert: Ref<{ focus: () => void } | null>,
): FormErrorsState<Field> {
  const errors = shallowRef<FormErrors<Field>>(noFormErrors<Field>());

  async function moveFocus(): Promise<void> {
    await nextTick();
    const invalid = form.value?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else if (errors.value.message) alert.value?.focus();
  }

  return {
    errors,
    async showIssues(issues) {
      errors.value = { message: null, fieldErrors: issuesToFieldErrors<Field>(issues) };
      await moveFocus();
    },
    async showServerError(error) {
      errors.value = toFormErrors(error, fields);
      await moveFocus();
    },
    clearField(field) {
      if (errors.value.fieldErrors[field] === undefined) return;
      const fieldErrors = { ...errors.value.fieldErrors };
      delete fieldErrors[field];
      errors.value = { ...errors.value, fieldErrors };
    },
    reset() {
      errors.value = noFormErrors<Field>();
    },
  };
}
