/* global FaultlineReporter -- defined by reporter.min.js, loaded just before this script */
// The "Ghost-Greeter widget" as a customer page embeds it from the widget CDN, next to reporter.min.js.
// Its two bugs are deliberate: a click handler that reads a missing visitor, and a signaling handshake whose
// rejection nobody handles. The CDN server of the test fills in the DSN.
FaultlineReporter.init({ dsn: '__DSN__', release: 'widget@2.1.0', environment: 'e2e', root: '#gg-widget' });

function formatCaller(call) {
  return call.visitor.name.toUpperCase();
}

function renderCallPanel(call) {
  return '<b>' + formatCaller(call) + '</b>';
}

async function connectSignaling(room) {
  await null;
  throw new Error('signaling handshake failed for room ' + room + ': 403');
}

var root = document.getElementById('gg-widget');
root.innerHTML = '<button id="gg-call" class="gg-btn primary">Call</button> <button id="gg-connect">Connect</button> <button id="gg-other">Other</button>';
document.getElementById('gg-call').addEventListener('click', function () {
  root.querySelector('.panel').innerHTML = renderCallPanel({});
});
document.getElementById('gg-connect').addEventListener('click', function () {
  connectSignaling('lobby-3');
});
document.getElementById('gg-other').addEventListener('click', function () {
  throw new RangeError('volume out of range: ' + Math.random());
});
FaultlineReporter.addBreadcrumb({ category: 'widget', message: 'widget mounted' });
window.widgetReady = true;
