/** Shared looks of the study page (kept here so the panels match each other and the app). */
export const cardClass =
  'rounded-2xl border border-slate-200 bg-white p-5 shadow-xs sm:p-6 dark:border-slate-800 dark:bg-slate-900';

export const secondaryButtonClass =
  'inline-flex items-center justify-center gap-2 rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm ' +
  'font-semibold text-slate-700 shadow-xs hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60 ' +
  'dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800';

export const primaryButtonClass =
  'inline-flex items-center justify-center gap-2 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold ' +
  'text-white shadow-sm hover:bg-indigo-700 disabled:cursor-not-allowed disabled:bg-indigo-400 ' +
  'dark:hover:bg-indigo-500 dark:disabled:bg-indigo-600/50';

export const dangerButtonClass =
  'inline-flex items-center justify-center gap-2 rounded-lg bg-red-600 px-4 py-2 text-sm font-semibold ' +
  'text-white shadow-sm hover:bg-red-700 disabled:cursor-not-allowed disabled:bg-red-400 dark:bg-red-600 ' +
  'dark:hover:bg-red-500';

/** A label wrapping a visually hidden radio, drawn as a selectable tile. */
export const choiceTileClass =
  'relative flex cursor-pointer flex-col rounded-xl border border-slate-300 bg-white p-4 transition-colors ' +
  'hover:border-indigo-400 has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50 ' +
  'has-[:checked]:ring-1 has-[:checked]:ring-indigo-600 has-[:focus-visible]:outline-2 ' +
  'has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-500 dark:border-slate-700 ' +
  'dark:bg-slate-900 dark:hover:border-indigo-400 dark:has-[:checked]:border-indigo-400 ' +
  'dark:has-[:checked]:bg-indigo-500/15 dark:has-[:checked]:ring-indigo-400';
