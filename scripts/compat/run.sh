#!/usr/bin/env bash
# Compatibility run: this package under Node-RED 5 (latest 5.x) on Node 22, Node-RED 3.1 on the
# current Node (20 in CI), and the repo's own Node-RED 4.x on the current Node as the baseline.
# For each pair test/compat/check.js embeds that Node-RED with this package installed (symlinked)
# and checks registration, editor HTML, and a Mitel and an OpenScape flow against the simulators.
#
# Runs after `npm ci` and `npm run build` (needs dist/). Everything it downloads (Node-RED, the
# `node` npm package that ships a Node 22 binary, npm's cache) goes into one temp dir, removed at exit.
# Downloads come from the configured npm registry only: the script checks npm's fetch log for that.
# Exit status: 0 when every pair passed.
set -euo pipefail

export CI=true
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
export npm_config_progress=false npm_config_package_lock=false

repo="$(cd "$(dirname "$0")/../.." && pwd)"
check="$repo/test/compat/check.js"
started=$SECONDS

if [ ! -f "$repo/dist/nodes/cc-server.js" ] || [ ! -f "$repo/dist/src/sim/cli.js" ]; then
  echo "compat: dist/ is missing; run npm ci and npm run build first" >&2
  exit 1
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/cc-compat-run.XXXXXX")"
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
# Nothing cached outside the temp dir; npm's log at level http names every URL it fetches.
export npm_config_cache="$tmp/npm-cache"
export npm_config_loglevel=http
registry="$(npm config get registry </dev/null 2>/dev/null)"
registry="${registry%/}/"

# npm_install <dir> <log> <spec...>: a throwaway project in <dir> with <spec...> installed.
npm_install() {
  local dir="$1" logfile="$2"
  shift 2
  mkdir -p "$dir"
  echo '{"name":"cc-compat-host","version":"0.0.0","private":true}' >"$dir/package.json"
  (cd "$dir" && timeout 600 npm install --no-save "$@" </dev/null >"$logfile" 2>&1)
}

echo "compat: installing node-red@5 + node@22 and node-red@3.1 into $tmp (registry $registry)"
npm_install "$tmp/nr5" "$tmp/nr5.log" node-red@5 node@22 &
pid5=$!
npm_install "$tmp/nr31" "$tmp/nr31.log" node-red@3.1 &
pid31=$!
install_failed=0
wait "$pid5" || { echo "compat: npm install node-red@5 node@22 failed:"; tail -30 "$tmp/nr5.log"; install_failed=1; }
wait "$pid31" || { echo "compat: npm install node-red@3.1 failed:"; tail -30 "$tmp/nr31.log"; install_failed=1; }
[ "$install_failed" = 0 ] || exit 1
echo "compat: installed in $((SECONDS - started)) s"

# The `node` package's preinstall runs `npm install node-<platform>-<arch>@<version>` (a package
# with the binary and no install script); its fetches are logged into nr5.log with the rest.
node22="$tmp/nr5/node_modules/node/bin/node"
node22_note=""
if [ ! -x "$node22" ] || ! "$node22" --version >/dev/null 2>&1; then
  # A newer npm may refuse the preinstall (allowScripts): install the binary package it would have.
  version="$(node -p "require('$tmp/nr5/node_modules/node/package.json').version" 2>/dev/null || echo 22)"
  binpkg="node-$(node -p "process.platform")-$(node -p "process.arch")@$version"
  echo "compat: node@22 left no binary (install script not run?); installing $binpkg directly"
  if npm_install "$tmp/node22" "$tmp/node22.log" "$binpkg"; then
    node22="$tmp/node22/node_modules/${binpkg%@*}/bin/node"
  fi
fi
if [ ! -x "$node22" ] || ! "$node22" --version >/dev/null 2>&1; then
  node22="$(command -v node)"
  node22_note="no Node 22 binary could be installed: Node-RED 5 runs under $(node --version), though its engines ask for node >=22.9"
  echo "compat: WARNING $node22_note"
fi

# Every URL npm fetched must be on the registry (node@22 included: no download from nodejs.org).
fetches="$(cat "$tmp"/*.log | grep 'http fetch' || true)"
fetched="$(printf '%s\n' "$fetches" | grep -c 'http fetch' || true)"
foreign="$(printf '%s\n' "$fetches" | grep -Eo 'https?://[^ ]+' | grep -vF "$registry" | sort -u || true)"
if [ -n "$foreign" ]; then
  echo "compat: FAIL npm fetched from outside $registry:"
  echo "$foreign"
  exit 1
fi
echo "compat: all $fetched npm fetches were from $registry"

failed=0
run_check() {
  local label="$1" node_bin="$2" nr_dir="$3" t0=$SECONDS
  echo "compat: --- $label"
  if ! timeout 180 "$node_bin" "$check" --node-red-dir "$nr_dir" --repo "$repo" </dev/null; then
    echo "compat: FAIL $label"
    failed=1
  fi
  echo "compat: $label took $((SECONDS - t0)) s"
}

run_check "node-red 5 on node 22" "$node22" "$tmp/nr5"
run_check "node-red 3.1 on $(node --version)" "$(command -v node)" "$tmp/nr31"
if [ -f "$repo/node_modules/node-red/package.json" ]; then
  run_check "node-red $(node -p "require('$repo/node_modules/node-red/package.json').version") (the repo's) on $(node --version)" "$(command -v node)" "$repo"
fi

[ -z "$node22_note" ] || echo "compat: note: $node22_note"
echo "compat: whole run took $((SECONDS - started)) s"
exit "$failed"
