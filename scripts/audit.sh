#!/usr/bin/env bash
# Fails when npm audit reports high or critical advisories in production dependencies. When the registry
# in use offers no audit endpoint (as in this project's offline CI), says so and does not fail.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(npm audit --omit=dev --audit-level=high --json 2>/dev/null)
code=$?
if [ $code -eq 0 ]; then echo "npm audit: no high or critical advisories"; exit 0; fi
if printf '%s' "$out" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    try { const r = JSON.parse(s); process.exit(r.error ? 0 : 1); } catch { process.exit(0); }
  });'; then
  echo "npm audit: the registry offers no audit endpoint here; advisories were not checked"
  exit 0
fi
printf '%s' "$out" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const r = JSON.parse(s); const m = r.metadata?.vulnerabilities ?? {};
    console.error(`npm audit: ${m.high ?? 0} high and ${m.critical ?? 0} critical advisories in production dependencies`);
    for (const [name, v] of Object.entries(r.vulnerabilities ?? {})) if (["high","critical"].includes(v.severity)) console.error(`  ${name}: ${v.severity}`);
  });'
exit 1
