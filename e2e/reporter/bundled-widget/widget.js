/* global WIDGET_DSN -- replaced at build time (esbuild define) */
// The Ghost-Greeter widget as its build really ships it: one minified bundle with the reporter inside
// (`import … from '@faultline/reporter'`), default allowUrls (the bundle itself), source maps uploaded to Faultline
// for the release and never served.
import { init, setTag } from '@faultline/reporter';
import { renderCallPanel } from './call-panel.js';

init({ dsn: WIDGET_DSN, release: 'widget@3.0.0', environment: 'e2e' });
setTag('customer', 'tea-shop');

const root = document.getElementById('gg-widget');
root.innerHTML = '<button id="gg-call">Call</button><div class="panel"></div>';
document.getElementById('gg-call').addEventListener('click', () => {
  root.querySelector('.panel').innerHTML = renderCallPanel({ id: 'c-1' });
});
window.widgetReady = true;
