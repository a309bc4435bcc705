export function renderCallPanel(call) {
  return '<b>' + formatCaller(call) + '</b>';
}

function formatCaller(call) {
  return call.visitor.name.toUpperCase();
}
