export const seed = {
  users: [
    { id: 1, name: 'Ada', email: 'ada@example.com' },
    { id: 2, name: 'Linus', email: 'linus@example.com' },
  ],
  orders: [
    { id: 10, userId: 1, items: [{ sku: 'pen', price: 250, qty: 2 }, { sku: 'ink', price: 1000, qty: 1 }] },
    { id: 11, userId: 1, items: [{ sku: 'pad', price: 400, qty: 5 }], coupon: { code: 'SAVE10' } },
  ],
};
