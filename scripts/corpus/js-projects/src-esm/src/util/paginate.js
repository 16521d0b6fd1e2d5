/** Pages are numbered from 1, as the UI shows them. */
export function paginate(items, page, size) {
  if (page < 1 || size < 1) throw new RangeError(`invalid page ${page} of size ${size}`);
  const start = (page - 1) * size;
  return { items: items.slice(start, start + size), page, pages: Math.ceil(items.length / size) };
}
