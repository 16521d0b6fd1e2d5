'use strict';

// Parcel prices in cents by zone and weight band (kg, upper bound).
const BANDS = [
  [2, { domestic: 490, eu: 1290, world: 2190 }],
  [5, { domestic: 690, eu: 1790, world: 3490 }],
  [10, { domestic: 990, eu: 2690, world: 5290 }],
];

function price(zone, kg) {
  if (kg <= 0) throw new RangeError('weight must be positive');
  const band = BANDS.find(([max]) => kg <= max);
  if (!band) throw new RangeError(`parcels over ${BANDS[BANDS.length - 1][0]} kg go by freight`);
  const cents = band[1][zone];
  if (cents === undefined) throw new Error(`unknown zone ${zone}`);
  return cents;
}

module.exports = { price };
