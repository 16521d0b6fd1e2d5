module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/__tests__'],
};
