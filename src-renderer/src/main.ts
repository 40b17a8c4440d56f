import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { handlePreloadErrors } from './lib/lazy.ts';
import { useConnectionStore } from './stores/connection.ts';
import { startLiveUpdates } from './stores/live.ts';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
startLiveUpdates();
const connection = useConnectionStore();
handlePreloadErrors(window, (message) => (connection.assetsFailed = message));
app.mount('#app');
