// Launching Debian's Chromium under playwright-core for the browser tests.
//
// playwright-core never downloads a browser (unlike the `playwright`
// package); we point it at the system's /usr/bin/chromium (or $CHROMIUM).
// The flags keep Chromium from reaching for the network (this machine has
// none besides the package registries: without them it stalls on start-up
// trying to sync, fetch components or speak QUIC), and each launch gets a
// fresh profile directory (`launchPersistentContext` is how playwright takes
// a `--user-data-dir`), removed on close.

import { chromium } from "playwright-core";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumPath() {
  const path = process.env.CHROMIUM || "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(
      `no Chromium at ${path}: install Debian's package (apt-get install -y chromium) ` +
        "or set CHROMIUM to a Chromium executable (`cargo xtask test --only jsffi` installs it)",
    );
  }
  return path;
}

/**
 * A headless Chromium with a fresh profile. Resolves with `{ context, close }`:
 * `context.newPage()` opens a page; `close()` ends the browser and removes
 * the profile.
 */
export async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), "hsrts-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_FLAGS,
      timeout: 60_000,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
