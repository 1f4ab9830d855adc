// Runs Lighthouse (its Node API, the version locked in package-lock.json) on pages served on
// this machine, with each preset's own default settings (mobile, and Lighthouse's desktop
// config, the one behind `--preset=desktop`). Used by tests/test_lighthouse.py.
//
//   CHROME_PATH=/usr/bin/chromium node tests/lighthouse_run.mjs OUT_DIR PROFILE_ROOT URL [URL ...]
//
// Writes OUT_DIR/<preset>-<n>.json, the full report (LHR) of URL number n for each preset,
// and prints one JSON line per run: {"preset", "url", "file", "seconds"}.
//
// One node process loads Lighthouse once (the CLI would load it six times), but every run
// gets its own Debian chromium with a fresh profile under PROFILE_ROOT, as the CLI does: a
// browser shared between runs remembers, for one, a favicon that failed, and the 404 that
// costs a page its best-practices score would then show on the first run only.
// Chromium gets the flags that keep it off the network here (no background networking,
// component updates or sync) and, since Debian's Chromium 156 still looks up
// accounts.google.com, update.googleapis.com and clients2.google.com with them (seen with
// strace: DNS queries to the machine's resolver at every run), a resolver rule that answers
// "not found" for every host but 127.0.0.1 without asking any DNS server: the runs send
// nothing beyond loopback. Lighthouse reports no errors anywhere (no Sentry) and takes no
// full-page screenshot (nothing the scores use).
import { mkdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const [outDir, profileRoot, ...urls] = process.argv.slice(2);
if (!outDir || !profileRoot || urls.length === 0) {
  console.error("usage: lighthouse_run.mjs OUT_DIR PROFILE_ROOT URL [URL ...]");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

// tests/browser.py's OFFLINE_FLAGS, passed by tests/lighthouse.py.
const CHROME_FLAGS = JSON.parse(process.env.CHROME_FLAGS_JSON);
const PRESETS = { mobile: undefined, desktop: desktopConfig };
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

for (const [preset, config] of Object.entries(PRESETS)) {
  for (const [index, url] of urls.entries()) {
    const started = performance.now();
    const userDataDir = join(profileRoot, `${preset}-${index}`);
    mkdirSync(userDataDir, { recursive: true });
    const chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH,
      chromeFlags: CHROME_FLAGS,
      userDataDir,
      logLevel: "silent",
    });
    let result;
    try {
      result = await lighthouse(
        url,
        {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: CATEGORIES,
          disableFullPageScreenshot: true,
          enableErrorReporting: false,
        },
        config,
      );
    } finally {
      await chrome.kill();
    }
    if (!result) throw new Error(`lighthouse returned nothing for ${url}`);
    const file = join(outDir, `${preset}-${index}.json`);
    await writeFile(file, result.report);
    const seconds = (performance.now() - started) / 1000;
    console.log(JSON.stringify({ preset, url, file, seconds }));
  }
}
