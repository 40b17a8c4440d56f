#!/usr/bin/env bash
# Sets archwalk up on a fresh machine: project-local Node.js (>= 22.18, from the npm
# registry, whatever the system Node is), npm packages, the build; with --browser also
# Debian's Chromium and poppler-utils for the end-to-end and report tests and PostgreSQL for the
# lab-store tests. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    *) echo "setup.sh: unknown option $arg (known: --browser)" >&2; exit 2 ;;
  esac
done

command -v npm >/dev/null || { echo "setup.sh: npm is needed (any Node.js >= 18 with npm); install it first" >&2; exit 2; }

# The Electron binary is fetched separately (npm run electron:fetch) on machines that run the app;
# headless machines never need it.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

node_bin="$PWD/node_modules/.bin/node"
version=$("$node_bin" -p 'process.versions.node')
"$node_bin" -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=18)?0:1)' \
  || { echo "setup.sh: the project Node.js is $version; archwalk needs >= 22.18" >&2; exit 1; }
echo "project Node.js $version at $node_bin"

npm run build

# The end-to-end and report tests drive Debian's Chromium and turn PDFs into images with pdftoppm;
# the live-training tests read the real Fashion-MNIST files that Debian packages (MIT, 30 MB);
# the PostgreSQL store tests start a temporary cluster from Debian's postgresql (15) binaries.
if [ "$want_browser" = 1 ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v pdftoppm >/dev/null || missing+=(poppler-utils)
  [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || missing+=(dataset-fashion-mnist)
  [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
  if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then
      command -v sudo >/dev/null || { echo "setup.sh: the tests need Debian packages: ${missing[*]} (apt-get install ${missing[*]})" >&2; exit 1; }
      sudo=sudo
    fi
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
echo "archwalk is set up"
