#!/usr/bin/env bash
# The whole test suite, as CI runs it: build, type-check, then every test file in one node:test run (unit,
# protocol, oracle against the real Puppet toolchain, real editors). The oracle and editor suites need the
# tools that .ci/run installs; without them they fail and say what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build.mjs
# Type-check client, server and tests as the separate projects of tsconfig.json (project references).
npx tsc -b
# Lint (typescript-eslint: layers, floating promises, type imports) and Prettier's format, as in review.
npm run --silent lint
# A fresh .vsix every run: the editor suite installs it into code-server.
npm run --silent package >/dev/null
# The soak runs 3 minutes here (60 s when its file is run alone): memory is asserted on, never time.
export SOAK_SECONDS="${SOAK_SECONDS:-180}"
node scripts/run-tests.mjs test/unit test/protocol test/oracle test/editors
