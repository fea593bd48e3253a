#!/usr/bin/env bash
# Runs every Vigil test on a fresh machine: installs what the tests need, builds, tests, prints one summary line.
# Usage: scripts/test.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")/.."

# What the tests need beyond the .NET SDK. Debian packages, installed only when missing.
# dnsmasq-base: the binary only; the dnsmasq package would also start a system resolver on port 53.
# prometheus: promtool, which checks the /metrics pages in the tests.
# prometheus-alertmanager: the real receiver of the alertmanager channel's tests.
packages=(procps redis-server mariadb-server nginx dnsmasq-base prometheus prometheus-alertmanager)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required (dotnet on PATH)"; exit 1; }

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
dotnet build Vigil.slnx -c Release -nologo -v quiet
# A test that hangs is stopped after 10 minutes and named in the output, rather than holding CI until its limit.
dotnet test Vigil.slnx -c Release --no-build -nologo --blame-hang-timeout 10m --blame-hang-dump-type none \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@" || status=$?

# One closing line CI can read, summed over every test project's TRX file.
read -r passed failed skipped < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("notExecuted", 0))
print(p, f, s)
PY
)
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ]; then echo "no test ran"; exit 1; fi
exit $status
