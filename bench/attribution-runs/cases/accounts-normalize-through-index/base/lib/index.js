'use strict';

const { createStore } = require('./store');
const { createUsers } = require('./users');
const { validateSignup, normalizeEmail } = require('./validate');

module.exports = { createStore, createUsers, validateSignup, normalizeEmail };
