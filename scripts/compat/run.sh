#!/usr/bin/env bash
# Compatibility run: this package under Node-RED 5 (latest 5.x) on Node 22, Node-RED 3.1 (latest
# 3.1.x) on the current Node (20 in CI), and the repo's own Node-RED 4.x on the current Node as the
# baseline. For each pair test/compat/check.js embeds that Node-RED with this package installed
# (symlinked) and checks registration, a Mitel and an OpenScape flow against the simulators and,
# when /usr/bin/chromium exists, every node's editor dialog (not for the 4.x baseline: the browser
# tests of `npm test` cover 4.x).
#
# Runs after `npm ci` and `npm run build` (needs dist/). Everything it downloads (Node-RED, the
# `node` npm package that ships a Node 22 binary, npm's cache) goes into one temp dir, removed at
# exit. Downloads come from the configured npm registry only: npm's fetch log is checked for that,
# and no install script runs but node@22's preinstall (read: it runs `npm install
# node-<platform>-<arch>@<version>`, the binary from the registry). Node-RED is installed with
# --ignore-scripts --omit=optional: node-red@3.1's optional bcrypt@5 would otherwise fetch a
# prebuilt binary from github.com (Node-RED uses bcryptjs without it).
# The installs run in the background while the checks that do not need them run.
# Exit status: 0 when every pair passed.
set -euo pipefail

export CI=true
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
export npm_config_progress=false npm_config_package_lock=false

repo="$(cd "$(dirname "$0")/../.." && pwd)"
check="$repo/test/compat/check.js"
node20="$(command -v node)"
started=$SECONDS

if [ ! -f "$repo/dist/nodes/cc-server.js" ] || [ ! -f "$repo/dist/src/sim/cli.js" ]; then
  echo "compat: dist/ is missing; run npm ci and npm run build first" >&2
  exit 1
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/cc-compat-run.XXXXXX")"
cache_rm=""
cleanup() {
  local t0=$SECONDS
  [ -z "$cache_rm" ] || wait "$cache_rm" 2>/dev/null || true
  rm -rf "$tmp"
  echo "compat: removed the temp dir in $((SECONDS - t0)) s; whole run $((SECONDS - started)) s"
}
trap cleanup EXIT
# Nothing cached outside the temp dir; npm's log at level http names every URL it fetches.
export npm_config_cache="$tmp/npm-cache"
export npm_config_loglevel=http
registry="$(npm config get registry </dev/null 2>/dev/null)"
registry="${registry%/}/"

# npm_install <dir> <spec...>: a throwaway project in <dir> with <spec...>; npm's output in <dir>.log.
npm_install() {
  local dir="$1"
  shift
  mkdir -p "$dir"
  echo '{"name":"cc-compat-host","version":"0.0.0","private":true}' >"$dir/package.json"
  (cd "$dir" && timeout 600 npm install --no-save "$@" </dev/null >"$dir.log" 2>&1)
}

# installed <pid> <dir> <what>: waits for an install and checks that every URL it fetched is on
# the registry (for node@22 this includes the binary package its preinstall fetches with npm).
installed() {
  local pid="$1" dir="$2" what="$3" fetches foreign
  if ! wait "$pid"; then
    echo "compat: FAIL npm install $what:"
    tail -30 "$dir.log"
    exit 1
  fi
  fetches="$(grep 'http fetch' "$dir.log" || true)"
  foreign="$(printf '%s\n' "$fetches" | grep -Eo 'https?://[^ ]+' | grep -vF "$registry" | sort -u || true)"
  if [ -n "$foreign" ]; then
    echo "compat: FAIL npm install $what fetched from outside the configured registry:"
    echo "$foreign"
    exit 1
  fi
  echo "compat: installed $what at $((SECONDS - started)) s; all $(printf '%s\n' "$fetches" | grep -c 'http fetch') fetches from the configured registry"
}

failed=0
# run_check <label> <node binary> <dir holding node_modules/node-red> [check.js options]
run_check() {
  local label="$1" node_bin="$2" nr_dir="$3" t0=$SECONDS
  shift 3
  echo "compat: --- $label"
  if ! timeout 180 "$node_bin" "$check" --node-red-dir "$nr_dir" --repo "$repo" "$@" </dev/null; then
    echo "compat: FAIL $label"
    failed=1
  fi
  echo "compat: $label took $((SECONDS - t0)) s"
}

echo "compat: installing node-red@5, node-red@3.1 and node@22 into $tmp (the configured registry)"
npm_install "$tmp/nr5" --ignore-scripts --omit=optional node-red@5 &
pid5=$!
npm_install "$tmp/nr31" --ignore-scripts --omit=optional node-red@3.1 &
pid31=$!
# --foreground-scripts: the output of the preinstall's own npm (its fetches) goes to the log too.
npm_install "$tmp/node22" --foreground-scripts node@22 &
pid22=$!

if [ -f "$repo/node_modules/node-red/package.json" ]; then
  run_check "node-red $(node -p "require('$repo/node_modules/node-red/package.json').version") (the repo's) on $(node --version)" \
    "$node20" "$repo" --no-editor
fi

installed "$pid31" "$tmp/nr31" node-red@3.1
run_check "node-red 3.1 on $(node --version)" "$node20" "$tmp/nr31"

installed "$pid22" "$tmp/node22" node@22
if ! node "$repo/scripts/compat/install-scripts.js" "$tmp/node22" node; then
  echo "compat: FAIL an install script other than node@22's preinstall is in the node@22 tree"
  exit 1
fi
# The `node` package's preinstall runs `npm install node-<platform>-<arch>@<version>` (the binary,
# no install script of its own) and links it as bin/node.
node22="$tmp/node22/node_modules/node/bin/node"
node22_note=""
if ! "$node22" --version >/dev/null 2>&1; then
  # A newer npm may refuse that preinstall (allowScripts): install the package it would have.
  version="$(node -p "require('$tmp/node22/node_modules/node/package.json').version" 2>/dev/null || echo 22)"
  binpkg="node-$(node -p process.platform)-$(node -p process.arch)"
  echo "compat: node@22 left no binary (its install script did not run?); installing $binpkg@$version directly"
  npm_install "$tmp/node22bin" --ignore-scripts "$binpkg@$version" || tail -20 "$tmp/node22bin.log"
  node22="$tmp/node22bin/node_modules/$binpkg/bin/node"
fi
if "$node22" --version >/dev/null 2>&1; then
  # The binary's package must show in npm's log as a fetch from the registry.
  binfetch="$(cat "$tmp"/node22*.log | grep 'http fetch' | grep -Eo 'https?://[^ ]+/node-(linux|darwin|win|sunos|aix)-[a-z0-9]+-[0-9.]+\.tgz' | head -1 || true)"
  case "$binfetch" in
    "$registry"*) echo "compat: Node 22 binary $("$node22" --version) fetched from the configured registry" ;;
    *)
      echo "compat: FAIL the Node 22 binary came from '${binfetch:-a fetch npm did not log}', not from the configured registry"
      exit 1
      ;;
  esac
else
  node22="$node20"
  node22_note="no Node 22 binary could be installed: Node-RED 5 ran under $(node --version), though its engines ask for node >=22.9"
  echo "compat: WARNING $node22_note"
fi

installed "$pid5" "$tmp/nr5" node-red@5
# npm's cache is not needed any more: remove it while the last check runs.
rm -rf "$tmp/npm-cache" &
cache_rm=$!
run_check "node-red 5 on node $("$node22" --version)" "$node22" "$tmp/nr5"

[ -z "$node22_note" ] || echo "compat: note: $node22_note"
if [ "$failed" = 0 ]; then echo "compat: every pair passed"; else echo "compat: FAILED (see FAIL lines above)"; fi
exit "$failed"
