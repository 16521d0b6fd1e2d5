'use strict';

module.exports = {
  ...require('./money'),
  ...require('./tax'),
  ...require('./invoice'),
};
