#!/usr/bin/env bash
# Rolls out one overlay with the schema migrated first:
#   1. render the overlay once (the Jobs and the Deployments get the same image tags)
#   2. apply everything but the Deployments: namespace, config, Secrets, Kafka, databases, the migration Jobs
#      (Jobs are immutable: the previous run is deleted first)
#   3. wait for every migration Job to complete; stop here if one fails (the old pods keep serving)
#   4. apply the rest: the Deployments roll one pod at a time (maxUnavailable 0)
# Usage: k8s/deploy.sh k8s/overlays/prod [--timeout 15m]
set -euo pipefail
OVERLAY=${1:?usage: deploy.sh <overlay dir> [--timeout 15m]}
TIMEOUT=15m
[ "${2:-}" = "--timeout" ] && TIMEOUT=${3:?}
RENDERED=$(mktemp); trap 'rm -f "$RENDERED"' EXIT
kubectl kustomize "$OVERLAY" > "$RENDERED"

kubectl delete job -n lettrage -l app.kubernetes.io/component=migration --ignore-not-found --wait=true
# everything but the Deployments (labelled component=server): config, Secrets, Kafka, databases, the Jobs
kubectl apply -f "$RENDERED" -l 'app.kubernetes.io/component!=server'
kubectl wait -n lettrage --for=condition=complete job -l app.kubernetes.io/component=migration --timeout="$TIMEOUT"
kubectl apply -f "$RENDERED"
for d in consent-service bank-sync-service invoice-service reconciliation-service; do
  kubectl rollout status -n lettrage "deployment/$d" --timeout="$TIMEOUT"
done
