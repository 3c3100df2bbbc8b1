#!/usr/bin/env bash
# System tools the test suite needs beyond `npm ci`. Idempotent: installs only what is missing.
#   - docker-compose: test/deploy/docker-compose.test.ts validates docker-compose.yml with
#     `docker-compose config` (Debian's Compose v1; needs no Docker engine). Its python3
#     comes with PyYAML, which the test uses to read the normalised output.
set -euo pipefail

missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-ci-deps: nothing to install"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-ci-deps: missing ${missing[*]} and no apt-get here; install them by hand" >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo -n)
  else
    echo "install-ci-deps: need root (or sudo) to install ${missing[*]}" >&2
    exit 1
  fi
fi

echo "install-ci-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
docker-compose version --short
