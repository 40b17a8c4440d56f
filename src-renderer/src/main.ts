import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { startLiveUpdates } from './stores/live.ts';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
startLiveUpdates();
app.mount('#app');
