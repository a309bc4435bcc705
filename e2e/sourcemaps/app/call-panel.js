export function renderCallPanel(call) {
  const title = formatCaller(call);
  document.getElementById('panel').textContent = title;
}

function formatCaller(call) {
  return call.visitor.name.toUpperCase();
}
