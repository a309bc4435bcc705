// The customer's own page script: its errors are the shop's business and must never reach the widget's Faultline.
document.getElementById('shop-buy').addEventListener('click', function buy() {
  // eslint-disable-next-line no-undef -- the point: the shop's own ReferenceError
  cart.items.push({ sku: 'tea' });
});
document.getElementById('shop-track').addEventListener('click', function track() {
  Promise.reject(new Error('shop analytics failed'));
});
