export const COLUMNS = ['id', 'title'];
