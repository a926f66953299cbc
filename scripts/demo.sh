#!/usr/bin/env bash
# The main job, end to end: build, write the book's control repo into .demo/book-cluster, check it with the
# mesos-puppet CLI (the same analysis the editor shows), and package the VS Code extension.
set -euo pipefail
cd "$(dirname "$0")/.."

node scripts/build.mjs
rm -rf .demo/book-cluster
mkdir -p .demo
cp -r test/fixtures/workspaces/book .demo/book-cluster
echo
echo "== The scenario's control repo, exactly as the book gives it: .demo/book-cluster"
(cd .demo/book-cluster && find . -type f | sort | sed 's/^\.\//   /')
echo
echo "== mesos-puppet check .demo/book-cluster"
set +e
node dist/cli/main.js check .demo/book-cluster
status=$?
set -e
echo "(check exited with $status: 0 = no errors, 1 = errors found)"
echo
echo "== mesos-puppet scaffold: a correct cluster with the newest modules that work together"
rm -rf .demo/new-cluster
node dist/cli/main.js scaffold .demo/new-cluster --masters master1,master2,master3 --slaves slave1,slave2,slave3 --domain example.com --modules newest | tail -1
node dist/cli/main.js check .demo/new-cluster
echo
echo "== mesos-puppet lookup: what master2 gets from Hiera"
node dist/cli/main.js lookup zookeeper::id --node master2.example.com .demo/new-cluster
node dist/cli/main.js lookup mesos::master::options --node master2.example.com --format yaml .demo/new-cluster
echo
echo "== Packaging the extension"
npm run --silent package >/dev/null
ls -l dist/mesos-puppet.vsix | awk '{print "   " $NF " (" $5 " bytes)"}'
echo "Install it with:  code --install-extension dist/mesos-puppet.vsix"
echo "Use the server in any LSP editor:  node dist/server/main.js --stdio"
