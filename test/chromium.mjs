// Every browser run (web-test-runner, the e2e and screenshot tests, the benchmarks, Lighthouse)
// uses Debian's Chromium (apt-get install -y chromium): tools cannot download their own browsers
// here. CHROME_PATH overrides the path on other machines.
export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a container: no sandbox (tests run as root), no /dev/shm (small there), no GPU, and no
 * background requests to Google's services, which would land in the tests' network logs.
 */
export const CHROME_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage', '--disable-gpu'];
