// Tests drive Debian's Chromium (/usr/lib/chromium/chromium); never download a browser.
module.exports = { skipDownload: true };
