import { createApp } from 'vue';
import { createWebHistory } from 'vue-router';
import App from './App.vue';
import { createStudySync } from './app';
import { registerServiceWorker } from './lib/serviceWorker';
import { createBrowserApi } from './lib/trpc';
import './styles.css';

const { plugin } = createStudySync({ api: createBrowserApi(), history: createWebHistory() });
createApp(App).use(plugin).mount('#app');
registerServiceWorker();
