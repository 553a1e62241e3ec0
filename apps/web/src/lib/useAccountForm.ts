import { reactive, ref, type Ref, type UnwrapNestedRefs } from 'vue';
import type FormAlert from '../components/FormAlert.vue';
import { useFormErrors, type FormErrorsState } from './useFormErrors';

interface Schema<Out> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: Out }
    | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

export interface AccountForm<Field extends string, Values extends Record<Field, string>> extends Pick<
  FormErrorsState<Field>,
  'errors' | 'clearField'
> {
  values: UnwrapNestedRefs<Values>;
  form: Ref<HTMLFormElement | null>;
  alert: Ref<InstanceType<typeof FormAlert> | null>;
  pending: Ref<boolean>;
  /** Set after a save; cleared by the next submit. */
  done: Ref<boolean>;
  submit: () => Promise<void>;
}

/**
 * One account form: checks the values with the shared schema, sends them, and shows the
 * server's field errors beside the fields. What the student typed stays, unless `clearAfter`
 * names fields to empty once saved (passwords).
 */
export function useAccountForm<Field extends string, Values extends Record<Field, string>, Out>(options: {
  fields: readonly Field[];
  initial: Values;
  schema: Schema<Out>;
  send: (input: Out) => Promise<unknown>;
  clearAfter?: readonly Field[];
}): AccountForm<Field, Values> {
  const values = reactive({ ...options.initial });
  const form = ref<HTMLFormElement | null>(null);
  const alert = ref<InstanceType<typeof FormAlert> | null>(null);
  const pending = ref(false);
  const done = ref(false);
  const { errors, showIssues, showServerError, clearField, reset } = useFormErrors<Field>(options.fields, form, alert);

  async function submit(): Promise<void> {
    if (pending.value) return;
    done.value = false;
    const parsed = options.schema.safeParse({ ...values });
    if (!parsed.success) {
      await showIssues(parsed.error.issues);
      return;
    }
    reset();
    pending.value = true;
    try {
      await options.send(parsed.data);
      for (const field of options.clearAfter ?? []) (values as Record<Field, string>)[field] = '';
      done.value = true;
    } catch (error) {
      await showServerError(error);
    } finally {
      pending.value = false;
    }
  }

  return { values, form, alert, pending, done, errors, clearField, submit };
}
