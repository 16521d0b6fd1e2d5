import { beforeEach, describe, expect, it } from 'vitest';
import { available, createReservations, createStock, release, reserve } from '../src/index.js';

describe('reservations', () => {
  let stock;
  let reservations;
  beforeEach(() => {
    stock = createStock([{ sku: 'bolt', location: 'A1', quantity: 10 }]);
    reservations = createReservations();
  });

  it('holds stock for an order', () => {
    expect(reserve(stock, reservations, { id: 'o1', sku: 'bolt', location: 'A1', quantity: 4 })).toEqual({ ok: true });
    expect(available(stock, reservations, 'bolt', 'A1')).toBe(6);
  });

  it('refuses an order larger than what is free', () => {
    reserve(stock, reservations, { id: 'o1', sku: 'bolt', location: 'A1', quantity: 8 });
    expect(reserve(stock, reservations, { id: 'o2', sku: 'bolt', location: 'A1', quantity: 3 })).toEqual({ ok: false, reason: 'only 2 available' });
  });

  it('releases the holds of an order', () => {
    reserve(stock, reservations, { id: 'o1', sku: 'bolt', location: 'A1', quantity: 8 });
    expect(release(reservations, 'o1')).toBe(1);
    expect(available(stock, reservations, 'bolt', 'A1')).toBe(10);
  });
});
