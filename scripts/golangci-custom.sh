#!/usr/bin/env bash
# Builds the golangci-lint binary with the tenantcheck plugin
# (.custom-gcl.yml) without reaching GitHub.
#
# `golangci-lint custom` always runs
#   git clone --branch <version> https://github.com/golangci/golangci-lint.git
# A machine that can reach GitHub needs nothing more than that command; this
# script is for machines that only reach the Go module proxy (CI here). It
# builds a local git repository from the module proxy's copy of the same
# golangci-lint version, tags it, and points that one URL at it through
# GIT_CONFIG_* variables for this run only (golangci-lint passes those to
# git; no git configuration file is changed).
#
# Needs Go, git, and cgo with a C compiler: the plugin is this module, which
# builds PostgreSQL's parser through pg_query_go.
#
# Usage: scripts/golangci-custom.sh   (from anywhere; writes bin/ at the root)
# Environment: GCL_MIRROR_DIR, where the local repository is kept
# (default: the user cache folder).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

version="$(sed -n 's/^version:[[:space:]]*\([^[:space:]#]*\).*/\1/p' .custom-gcl.yml)"
name="$(sed -n 's/^name:[[:space:]]*\([^[:space:]#]*\).*/\1/p' .custom-gcl.yml)"
destination="$(sed -n 's/^destination:[[:space:]]*\([^[:space:]#]*\).*/\1/p' .custom-gcl.yml)"
if [ -z "$version" ]; then
  echo "golangci-custom: .custom-gcl.yml has no version" >&2
  exit 2
fi
name="${name:-custom-gcl}"
destination="${destination:-.}"
module="github.com/golangci/golangci-lint/v2"
upstream="https://github.com/golangci/golangci-lint.git"

export CGO_ENABLED=1
if ! command -v "${CC:-gcc}" >/dev/null 2>&1 && ! command -v cc >/dev/null 2>&1; then
  echo "golangci-custom: no C compiler: the plugin builds pg_query_go with cgo (apt-get install gcc libc6-dev)" >&2
  exit 2
fi

# golangci-lint itself, at the version .custom-gcl.yml names, in bin/.
gcl="$root/bin/golangci-lint"
if [ ! -x "$gcl" ] || ! "$gcl" version --short 2>/dev/null | grep -qx "${version#v}"; then
  echo "golangci-custom: installing golangci-lint $version into bin/"
  GOBIN="$root/bin" go install "$module/cmd/golangci-lint@$version"
fi

# A git repository with the module proxy's source of that version, tagged.
cache="${XDG_CACHE_HOME:-$HOME/.cache}"
mirror="${GCL_MIRROR_DIR:-$cache/tenantcheck/golangci-lint-$version}"
if ! git -C "$mirror" rev-parse -q --verify "refs/tags/$version" >/dev/null 2>&1; then
  echo "golangci-custom: building a local golangci-lint $version repository from the module proxy in $mirror"
  src="$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  if [ -z "$src" ] || [ ! -d "$src" ]; then
    echo "golangci-custom: go mod download $module@$version gave no source folder" >&2
    exit 2
  fi
  rm -rf "$mirror"
  mkdir -p "$mirror"
  cp -R "$src/." "$mirror/"
  chmod -R u+w "$mirror"
  git -C "$mirror" init -q
  git -C "$mirror" add -A
  GIT_AUTHOR_NAME=mirror GIT_AUTHOR_EMAIL=mirror@localhost \
    GIT_COMMITTER_NAME=mirror GIT_COMMITTER_EMAIL=mirror@localhost \
    git -C "$mirror" commit -q -m "golangci-lint $version from the Go module proxy"
  git -C "$mirror" tag "$version"
fi

# Route the one URL golangci-lint clones to the mirror, for this run only,
# after any GIT_CONFIG_* entries the caller already set.
n="${GIT_CONFIG_COUNT:-0}"
export "GIT_CONFIG_KEY_$n=url.file://$mirror.insteadOf"
export "GIT_CONFIG_VALUE_$n=$upstream"
export GIT_CONFIG_COUNT=$((n + 1))

start=$(date +%s)
"$gcl" custom -v
end=$(date +%s)
echo "golangci-custom: built $destination/$name with golangci-lint $version in $((end - start))s"
