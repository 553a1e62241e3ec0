#!/usr/bin/env bash
# set-image-tag.sh ENVIRONMENT SHA BRANCH: commits the new image tag to the environment's
# overlay; Argo CD picks it up from git. Pushes made with GITHUB_TOKEN start no workflows.
set -euo pipefail
environment=$1 sha=$2 branch=$3
case "$environment" in dev | staging | prod) ;; *) echo "unknown environment $environment" >&2; exit 1 ;; esac
[[ "$sha" =~ ^[0-9a-f]{40}$ ]] || { echo "not a commit SHA: $sha" >&2; exit 1; }
file="k8s/overlays/$environment/kustomization.yaml"
SHA="$sha" yq -i '(.images[] | select(.name == "studysync")).newTag = strenv(SHA)' "$file"
if git diff --quiet -- "$file"; then
  echo "$environment already runs $sha"
  exit 0
fi
git config user.name "studysync-deploy"
git config user.email "deploy@studysync.invalid"
git commit -m "Deploy $sha to $environment" -- "$file"
git push origin "HEAD:$branch"
