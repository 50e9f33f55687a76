/**
 * briefing never downloads a browser: it drives a system Chromium (see src/pdf/browser.ts).
 * @type {import("puppeteer").Configuration}
 */
module.exports = { skipDownload: true };
