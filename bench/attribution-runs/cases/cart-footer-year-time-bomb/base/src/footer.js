'use strict';

function footerText(shopName = 'Shop') {
  return `© ${new Date().getFullYear()} ${shopName}`;
}

module.exports = { footerText };
