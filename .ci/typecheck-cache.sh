#!/usr/bin/env bash
# Proves turbo's typecheck cache cannot replay a stale success: the web app's typecheck hash
# must change when a package it imports changes, and every hash when a root config changes.
# Uses `--dry=json` (hashes only, nothing runs) and restores each file it touches.
set -euo pipefail
cd "$(dirname "$0")/.."

hash_of() {
  npx turbo run typecheck --dry=json 2>/dev/null |
    node -e 'const j = JSON.parse(require("fs").readFileSync(0, "utf8"));
      const t = j.tasks.find((task) => task.taskId === process.argv[1]);
      if (!t) throw new Error(`no task ${process.argv[1]}`);
      console.log(t.hash);' "$1"
}

expect_change() {
  local file=$1 task=$2 before after backup
  before=$(hash_of "$task")
  backup=$(mktemp)
  cp "$file" "$backup"
  trap 'cp "$backup" "$file"' EXIT
  printf '\n' >>"$file"
  after=$(hash_of "$task")
  cp "$backup" "$file"
  trap - EXIT
  if [ "$before" = "$after" ]; then
    echo "typecheck cache: $task keeps hash $before after $file changed (stale results would replay)" >&2
    exit 1
  fi
  echo "typecheck cache: $task re-runs when $file changes"
}

expect_change packages/api/src/public-user.ts @studysync/web#typecheck
expect_change packages/validators/src/index.ts @studysync/server#typecheck
expect_change tsconfig.base.json @studysync/validators#typecheck
