export * from './stock.js';
export * from './reservations.js';
export * from './reorder.js';
