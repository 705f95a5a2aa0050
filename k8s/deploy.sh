#!/usr/bin/env bash
# Rolls out one overlay with the schema migrated first:
#   1. render the overlay once (the Jobs and the Deployments get the same image tags)
#   2. delete the previous migration Jobs (a Job's template is immutable), apply everything but the Deployments
#      (app.kubernetes.io/component=server) and the Jobs: namespace, config, Secrets, Kafka, databases, policies
#   3. wait for the databases (CloudNativePG Clusters) and the ExternalSecrets, if the overlay has any
#   4. apply the migration Jobs and wait for them; stop here if one fails (the old pods keep serving)
#   5. apply the rest: the Deployments roll one pod at a time (maxUnavailable 0)
# Usage: k8s/deploy.sh k8s/overlays/prod [--timeout 15m]
set -euo pipefail
OVERLAY=${1:?usage: deploy.sh <overlay dir> [--timeout 15m]}
TIMEOUT=15m
[ "${2:-}" = "--timeout" ] && TIMEOUT=${3:?}
RENDERED=$(mktemp); trap 'rm -f "$RENDERED"' EXIT
kubectl kustomize "$OVERLAY" > "$RENDERED"

kubectl delete job -n lettrage -l app.kubernetes.io/component=migration --ignore-not-found --wait=true
kubectl apply -f "$RENDERED" -l 'app.kubernetes.io/component notin (server,migration)'
if grep -q '^kind: Cluster$' "$RENDERED"; then
  kubectl wait -n lettrage --for=condition=Ready clusters.postgresql.cnpg.io --all --timeout="$TIMEOUT"
fi
if grep -q '^kind: ExternalSecret$' "$RENDERED"; then
  kubectl wait -n lettrage --for=condition=Ready externalsecrets.external-secrets.io --all --timeout="$TIMEOUT"
fi
kubectl apply -f "$RENDERED" -l app.kubernetes.io/component=migration
kubectl wait -n lettrage --for=condition=complete job -l app.kubernetes.io/component=migration --timeout="$TIMEOUT"
kubectl apply -f "$RENDERED"
for d in consent-service bank-sync-service invoice-service reconciliation-service; do
  kubectl rollout status -n lettrage "deployment/$d" --timeout="$TIMEOUT"
done
