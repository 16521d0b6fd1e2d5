'use strict';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function normalizeEmail(email) {
  return String(email).trim();
}

function validateSignup(input) {
  const errors = [];
  if (!EMAIL.test(normalizeEmail(input.email ?? ''))) errors.push('email is invalid');
  if (typeof input.password !== 'string' || input.password.length < 8) errors.push('password needs at least 8 characters');
  if (input.displayName !== undefined && input.displayName.trim() === '') errors.push('display name cannot be blank');
  return errors;
}

module.exports = { normalizeEmail, validateSignup };
