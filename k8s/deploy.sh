#!/usr/bin/env bash
# Rolls out one overlay with the schema migrated first:
#   1. render the overlay once (the Jobs and the Deployments get the same image tags)
#   2. delete the previous migration Jobs (a Job's template is immutable), apply everything but the Deployments
#      (app.kubernetes.io/component=server) and the Jobs: namespace, config, Secrets, Kafka, databases, policies
#   3. wait for the databases (CloudNativePG Clusters) and the ExternalSecrets, if the overlay has any
#   4. apply the migration Jobs and wait for them; stop here if one fails (the old pods keep serving)
#   5. roll the Deployments one service at a time, each one pod at a time (maxUnavailable 0), consumers before the
#      producers of what they read: invoice-service (reads PaymentMatched/PaymentReversed), reconciliation-service
#      (reads TransactionImported and the invoice events), bank-sync-service (reads the consent events), then
#      consent-service; so a new event type or field always meets a consumer that knows it (docs/operations.md,
#      "Upgrades"). A rollout that fails stops here, with the services after it still on the old version.
#   6. apply the whole rendering once more (anything not labelled with a service)
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
for d in invoice-service reconciliation-service bank-sync-service consent-service; do
  kubectl apply -f "$RENDERED" -l "app.kubernetes.io/component=server,app.kubernetes.io/name=$d"
  kubectl rollout status -n lettrage "deployment/$d" --timeout="$TIMEOUT"
done
kubectl apply -f "$RENDERED"
