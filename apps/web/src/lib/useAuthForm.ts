import { computed, reactive, ref, type ComputedRef, type Ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { safeRedirect } from '../router/navigation';
import { HOME_PATH } from '../router/routes';
import { useSignedIn, type PublicUser } from './session';
import { useFormErrors, type FormErrorsState } from './useFormErrors';

type ParseResult<Input> =
  | { success: true; data: Input }
  | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };

export interface AuthForm<Field extends string> extends Pick<FormErrorsState<Field>, 'errors' | 'clearField'> {
  values: Record<Field, string>;
  /** Template refs: the form (to focus its first invalid field) and its alert. */
  form: Ref<HTMLFormElement | null>;
  alert: Ref<{ focus: () => void } | null>;
  /** Covers the whole submission: the request, then storing the session and navigating. */
  submitting: Ref<boolean>;
  submit: () => Promise<void>;
  /** The other auth page, keeping where the visitor was headed. */
  linkTo: (path: string) => ComputedRef<{ path: string; query: Record<string, string> }>;
}

/**
 * What signing in and signing up share: the values and their errors (checked in the browser
 * with the server's own schema first), one submission at a time, then the session stored and
 * the visitor sent where they were headed.
 */
export function useAuthForm<Field extends string, Input>(options: {
  fields: readonly Field[];
  parse: (values: Record<Field, string>) => ParseResult<Input>;
  send: (input: Input) => Promise<PublicUser>;
}): AuthForm<Field> {
  const route = useRoute();
  const router = useRouter();
  const signedIn = useSignedIn();
  const values = reactive(Object.fromEntries(options.fields.map((field) => [field, '']))) as Record<Field, string>;
  const form = ref<HTMLFormElement | null>(null);
  const alert = ref<{ focus: () => void } | null>(null);
  const { errors, showIssues, showServerError, clearField, reset } = useFormErrors<Field>(options.fields, form, alert);
  const redirect = computed(() => safeRedirect(route.query.redirect));
  const submitting = ref(false);

  async function submit(): Promise<void> {
    if (submitting.value) return;
    const parsed = options.parse(values);
    if (!parsed.success) {
      await showIssues(parsed.error.issues);
      return;
    }
    reset();
    submitting.value = true;
    try {
      await signedIn(await options.send(parsed.data));
      await router.replace(redirect.value ?? HOME_PATH);
    } catch (error) {
      await showServerError(error);
    } finally {
      submitting.value = false;
    }
  }

  const linkTo = (path: string) =>
    computed(() => ({ path, query: redirect.value ? { redirect: redirect.value } : ({} as Record<string, string>) }));

  return { values, form, alert, errors, clearField, submitting, submit, linkTo };
}
