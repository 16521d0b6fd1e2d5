import { quantityOf } from './stock.js';

/** Holds on stock for orders not yet shipped. */
export function createReservations() {
  return { holds: [] };
}

export function reserved(reservations, sku, location) {
  return reservations.holds
    .filter((h) => h.sku === sku && h.location === location)
    .reduce((sum, h) => sum + h.quantity, 0);
}

export function available(stock, reservations, sku, location) {
  return quantityOf(stock, sku, location) - reserved(reservations, sku, location);
}

export function reserve(stock, reservations, order) {
  const free = available(stock, reservations, order.sku, order.location);
  if (order.quantity > free) return { ok: false, reason: `only ${free} available` };
  reservations.holds.push({ orderId: order.id, sku: order.sku, location: order.location, quantity: order.quantity });
  return { ok: true };
}

export function release(reservations, orderId) {
  const before = reservations.holds.length;
  reservations.holds = reservations.holds.filter((h) => h.orderId !== orderId);
  return before - reservations.holds.length;
}
