// The demo page. Grows into the inspector (demo/inspector).
const app = document.getElementById('app');
if (app) app.dataset.ready = 'true';
