export async function getProfile(store, id) {
  const user = await store.getUser(id);
  const orders = await store.listOrders(id);
  return { id: user.id, name: user.name, email: user.email, orderCount: orders.length };
}
