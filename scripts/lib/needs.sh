# Checks shared by the benchmark scripts (sourced; each defines `say` and `die` first).

# Node.js 18+ with npm, and Chromium at $CHROMIUM.
need_browser_tools() {
  [ -x "$CHROMIUM" ] || die "Chromium not found at $CHROMIUM: install it (apt-get install chromium) or set CHROMIUM=/path/to/chromium"
  command -v node >/dev/null || die "node is needed (>= 18)"
  command -v npm >/dev/null || die "npm is needed"
  node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' || die "node >= 18 is needed (found $(node --version))"
}

# GNU time (wall time and peak RSS), installed with apt-get when root.
need_gnu_time() {
  [ -x /usr/bin/time ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing GNU time (apt-get install time)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
  else
    die "GNU time (/usr/bin/time) is needed: install the 'time' package"
  fi
}
