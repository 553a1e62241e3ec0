/**
 * Registers the service worker (public/sw.js) that makes the app installable and shows an
 * offline page. Production builds only: in development it would serve stale pages under Vite.
 * A browser that refuses it (private mode, no support) just runs without; that is logged.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      console.warn('Service worker not registered; the app works without an offline page', error);
    });
  };
  // After the page's own loading; the app's modules can finish evaluating after `load` already fired.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
