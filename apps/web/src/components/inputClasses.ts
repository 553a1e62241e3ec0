/** Shared look of text-like inputs (kept in one place so every field matches). */
export const inputClasses =
  'block w-full rounded-lg border border-slate-300 bg-white px-3.5 py-2.5 text-base text-slate-900 shadow-xs ' +
  'placeholder:text-slate-400 transition-colors hover:border-slate-400 ' +
  'focus:border-indigo-600 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-600/30 ' +
  'aria-invalid:border-red-600 aria-invalid:focus:outline-red-600/30 ' +
  'dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-500 dark:hover:border-slate-600 ' +
  'dark:focus:border-indigo-400 dark:aria-invalid:border-red-500 sm:text-sm';
