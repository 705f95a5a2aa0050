// Validates every rendered overlay of k8s/ and the observability code under deploy/observability/.
//   node validate.mjs <repo>            (run by .ci/check-deploy from the npm cache directory)
// Kubernetes kinds: kubernetes-models; monitoring.coreos.com: @kubernetes-models/prometheus-operator;
// external-secrets.io: @kubernetes-models/external-secrets; Strimzi and CloudNativePG (no npm model package):
// the minimal JSON Schemas in schemas/ (ajv), strict on every field k8s/ uses.
import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import Ajv from "ajv";
import { parser as promql } from "@prometheus-io/lezer-promql";
import { render } from "./render.mjs";

const repo = process.argv[2];
const here = path.dirname(new URL(import.meta.url).pathname);
const errors = [];
const ajv = new Ajv({ allErrors: true, strict: false });
const crdSchemas = {};
for (const f of fs.readdirSync(path.join(here, "schemas")))
  crdSchemas[f.replace(/\.json$/, "")] = ajv.compile(JSON.parse(fs.readFileSync(path.join(here, "schemas", f), "utf8")));

const MODEL_PACKAGES = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "external-secrets.io": "@kubernetes-models/external-secrets",
};
async function modelFor(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  const pkg = MODEL_PACKAGES[group] ?? "kubernetes-models";
  const mod = await import(`${pkg}/${apiVersion}`).catch(() => null);
  return mod && mod[kind];
}

async function validateObject(where, o) {
  const { apiVersion, kind } = o;
  const name = o.metadata?.name;
  if (!apiVersion || !kind || !name) return errors.push(`${where}: object without apiVersion/kind/metadata.name`);
  const schema = crdSchemas[`${apiVersion.replace("/", "_")}_${kind}`];
  if (schema) {
    if (!schema(o)) errors.push(`${where}: ${kind} ${name}: ${ajv.errorsText(schema.errors, { dataVar: kind })}`);
    return;
  }
  const Model = await modelFor(apiVersion, kind);
  if (!Model) return errors.push(`${where}: ${apiVersion} ${kind} ${name}: no schema for this kind`);
  try { new Model(o).validate(); } catch (e) { errors.push(`${where}: ${kind} ${name}: ${e.message}`); }
}

function checkPromql(where, expr) {
  const tree = promql.parse(expr);
  let bad = null;
  tree.iterate({ enter: (n) => { if (n.type.isError && bad == null) bad = n.from; } });
  if (bad != null) errors.push(`${where}: PromQL syntax error at ${bad}: ${expr.slice(Math.max(0, bad - 20), bad + 20)}`);
}

// ------------------------------------------------------------------ semantic checks on one rendered overlay
function checkOverlay(where, objs, { prod }) {
  const by = (kind) => objs.filter((o) => o.kind === kind);
  const secrets = new Set([
    ...by("Secret").map((o) => o.metadata.name),
    ...by("ExternalSecret").map((o) => o.spec?.target?.name ?? o.metadata.name),
    ...by("Cluster").map((o) => `${o.metadata.name}-app`), // CloudNativePG writes <cluster>-app
  ]);
  const configMaps = new Set(by("ConfigMap").map((o) => o.metadata.name));
  const serviceAccounts = new Set(by("ServiceAccount").map((o) => o.metadata.name));
  const selects = (sel, labels) => Object.entries(sel ?? {}).every(([k, v]) => labels?.[k] === v);
  const deployImages = {};
  for (const o of [...by("Deployment"), ...by("Job")]) {
    const w = `${where}: ${o.kind} ${o.metadata.name}`;
    const pod = o.spec.template.spec;
    if (pod.automountServiceAccountToken !== false) errors.push(`${w}: automountServiceAccountToken is not false`);
    if (pod.serviceAccountName && !serviceAccounts.has(pod.serviceAccountName)) errors.push(`${w}: ServiceAccount ${pod.serviceAccountName} not defined`);
    for (const c of pod.containers ?? []) {
      if (!/:[^:/]+$|@sha256:/.test(c.image) || /:latest$/.test(c.image)) errors.push(`${w}: image ${c.image} is not pinned to a version`);
      for (const k of ["requests", "limits"]) for (const r of ["cpu", "memory"])
        if (!c.resources?.[k]?.[r]) errors.push(`${w} container ${c.name}: no resources.${k}.${r}`);
      for (const ef of c.envFrom ?? []) {
        if (ef.configMapRef && !configMaps.has(ef.configMapRef.name)) errors.push(`${w}: envFrom ConfigMap ${ef.configMapRef.name} not defined`);
        if (ef.secretRef && !secrets.has(ef.secretRef.name)) errors.push(`${w}: envFrom Secret ${ef.secretRef.name} not defined`);
      }
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref && !secrets.has(ref.name)) errors.push(`${w}: env ${e.name} refers to Secret ${ref.name}, not defined`);
      }
      const env = Object.fromEntries((c.env ?? []).filter((e) => "value" in e).map((e) => [e.name, e.value]));
      if (o.kind === "Deployment") {
        if (!c.livenessProbe || !c.readinessProbe) errors.push(`${w}: liveness and readiness probes required`);
        if (env.QUARKUS_FLYWAY_MIGRATE_AT_START !== "false") errors.push(`${w}: must not migrate at start (the Job does)`);
        deployImages[o.metadata.name] = c.image;
      } else if (env.QUARKUS_FLYWAY_MIGRATE_AT_START !== "true" || env.QUARKUS_INIT_AND_EXIT !== "true")
        errors.push(`${w}: a migration Job needs QUARKUS_FLYWAY_MIGRATE_AT_START=true and QUARKUS_INIT_AND_EXIT=true`);
    }
  }
  for (const j of by("Job")) {
    const svc = j.metadata.name.replace(/-migrate$/, "");
    if (deployImages[svc] !== j.spec.template.spec.containers[0].image)
      errors.push(`${where}: Job ${j.metadata.name} runs ${j.spec.template.spec.containers[0].image}, Deployment ${svc} ${deployImages[svc]}`);
  }
  for (const d of by("Deployment")) {
    const n = d.metadata.name, labels = d.spec.template.metadata.labels;
    if (!by("PodDisruptionBudget").some((p) => selects(p.spec.selector?.matchLabels, labels))) errors.push(`${where}: no PodDisruptionBudget for ${n}`);
    if (!by("HorizontalPodAutoscaler").some((h) => h.spec.scaleTargetRef?.name === n && h.spec.metrics?.some((m) => m.resource?.name === "cpu") && h.spec.metrics?.some((m) => m.resource?.name === "memory")))
      errors.push(`${where}: no HPA on cpu and memory for ${n}`);
    if (!by("NetworkPolicy").some((p) => Object.keys(p.spec.podSelector?.matchLabels ?? {}).length && selects(p.spec.podSelector.matchLabels, labels)))
      errors.push(`${where}: no NetworkPolicy of its own for ${n}`);
    if (!by("ServiceMonitor").some((m) => by("Service").some((s) => selects(m.spec.selector?.matchLabels, s.metadata.labels) && selects(s.spec.selector, labels))))
      errors.push(`${where}: no ServiceMonitor for ${n}`);
  }
  for (const d of by("Deployment"))
    if (d.spec.replicas != null && by("HorizontalPodAutoscaler").some((h) => h.spec.scaleTargetRef?.name === d.metadata.name))
      errors.push(`${where}: Deployment ${d.metadata.name} sets replicas while an HPA scales it (each apply would reset the count)`);
  // under default deny, a database pod must let its service in (and the operator, replication, metrics)
  for (const c of by("Cluster")) {
    const pods = { "cnpg.io/cluster": c.metadata.name, ...(c.spec.inheritedMetadata?.labels ?? {}) };
    const db = c.spec.inheritedMetadata?.labels?.["lettrage.io/database"];
    const clients = objs.filter((o) => o.kind === "NetworkPolicy" && o.spec.egress?.some((e) =>
      e.to?.some((t) => t.podSelector?.matchLabels?.["lettrage.io/database"] === db)));
    if (!db || clients.length === 0) errors.push(`${where}: Cluster ${c.metadata.name}: no service's egress reaches it (label lettrage.io/database)`);
    const ingress = by("NetworkPolicy").filter((p) => selects(p.spec.podSelector?.matchLabels, pods)).flatMap((p) => p.spec.ingress ?? []);
    for (const client of clients)
      if (!ingress.some((r) => r.ports?.some((x) => x.port === 5432) && r.from?.some((f) => !f.namespaceSelector && selects(f.podSelector?.matchLabels, client.spec.podSelector.matchLabels))))
        errors.push(`${where}: Cluster ${c.metadata.name} does not let ${JSON.stringify(client.spec.podSelector.matchLabels)} in on 5432`);
  }
  if (!by("NetworkPolicy").some((p) => Object.keys(p.spec.podSelector ?? {}).length === 0 && !p.spec.ingress && !p.spec.egress && p.spec.policyTypes?.length === 2))
    errors.push(`${where}: no default-deny NetworkPolicy`);
  for (const t of by("KafkaTopic")) if (!t.metadata.name.endsWith(".dlq") && !by("KafkaTopic").some((d) => d.metadata.name === `${t.metadata.name}.dlq`))
    errors.push(`${where}: topic ${t.metadata.name} has no .dlq topic`);
  if (prod) {
    for (const s of by("Secret")) errors.push(`${where}: Secret ${s.metadata.name} committed in prod (use an ExternalSecret)`);
    if (JSON.stringify(objs).includes("change-me")) errors.push(`${where}: a placeholder 'change-me' in prod`);
  }
}

// ------------------------------------------------------------------ observability
function checkObservability(dir) {
  if (!fs.existsSync(dir)) return errors.push(`${dir}: missing`);
  let rules = 0, panels = 0;
  for (const f of fs.readdirSync(dir)) {
    const p = path.join(dir, f);
    if (f.endsWith(".json")) {
      let d;
      try { d = JSON.parse(fs.readFileSync(p, "utf8")); } catch (e) { errors.push(`${p}: ${e.message}`); continue; }
      for (const k of ["title", "uid", "panels", "schemaVersion"]) if (!(k in d)) errors.push(`${p}: no ${k}`);
      const ids = new Set();
      for (const panel of d.panels ?? []) {
        const w = `${p}: panel ${panel.id} '${panel.title}'`;
        for (const k of ["id", "title", "type", "gridPos"]) if (panel[k] == null) errors.push(`${w}: no ${k}`);
        if (ids.has(panel.id)) errors.push(`${w}: duplicate id`);
        ids.add(panel.id);
        if (panel.type === "row") continue;
        if (!panel.targets?.length) errors.push(`${w}: no targets`);
        for (const t of panel.targets ?? []) {
          if (!t.expr) { errors.push(`${w}: target without expr`); continue; }
          checkPromql(w, t.expr.replace(/\$__rate_interval|\$__interval/g, "5m").replace(/\$[a-z_]+/g, "x"));
        }
        panels++;
      }
    } else if (/\.ya?ml$/.test(f) && !/\.test\.ya?ml$/.test(f)) { // *.test.yaml: promtool unit tests
      for (const o of yaml.loadAll(fs.readFileSync(p, "utf8")).filter(Boolean)) {
        pending.push(validateObject(p, o));
        if (o.kind !== "PrometheusRule") continue;
        for (const g of o.spec?.groups ?? []) for (const r of g.rules ?? []) {
          const w = `${p}: ${r.alert ?? r.record}`;
          checkPromql(w, String(r.expr));
          if (!r.alert) continue;
          rules++;
          if (!r.labels?.severity) errors.push(`${w}: no labels.severity`);
          if (!r.annotations?.summary || !r.annotations?.description) errors.push(`${w}: summary and description required`);
          const m = /\/docs\/runbooks\/([A-Za-z0-9-]+)\.md$/.exec(r.annotations?.runbook_url ?? "");
          if (!m) errors.push(`${w}: runbook_url must end in docs/runbooks/<alert>.md`);
          else if (m[1] !== r.alert) errors.push(`${w}: runbook_url names ${m[1]}.md, not ${r.alert}.md`);
          else if (!fs.existsSync(path.join(repo, "docs/runbooks", `${m[1]}.md`))) errors.push(`${w}: docs/runbooks/${m[1]}.md does not exist`);
        }
      }
    }
  }
  return [rules, panels];
}

// ------------------------------------------------------------------ main
const pending = [];
const k8s = path.join(repo, "k8s");
const overlays = fs.readdirSync(path.join(k8s, "overlays")).map((o) => path.join(k8s, "overlays", o));
const rendered = {};
for (const dir of [path.join(k8s, "base"), path.join(k8s, "kafka"), ...overlays]) {
  const rel = path.relative(repo, dir);
  let objs;
  try { objs = render(dir); } catch (e) { errors.push(`${rel}: ${e.message}`); continue; }
  rendered[rel] = objs;
  for (const o of objs) pending.push(validateObject(rel, o));
  if (rel.startsWith("k8s/overlays/")) checkOverlay(rel, objs, { prod: rel.endsWith("/prod") });
}
// every YAML file under k8s/ is used by some kustomization (a forgotten file would silently not deploy)
const listed = new Set();
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (/kustomization\.ya?ml$/.test(e.name)) {
      const k = yaml.load(fs.readFileSync(p, "utf8"));
      for (const r of k.resources ?? []) listed.add(path.join(d, r));
    }
  }
})(k8s);
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.ya?ml$/.test(e.name) && !/kustomization\.ya?ml$/.test(e.name) && !listed.has(p))
      errors.push(`${path.relative(repo, p)}: not listed in any kustomization`);
  }
})(k8s);
const [alerts, panels] = checkObservability(path.join(repo, "deploy/observability"));
await Promise.all(pending);
if (process.env.RENDER_OUT) fs.writeFileSync(process.env.RENDER_OUT, JSON.stringify(rendered));
if (errors.length) { for (const e of errors) console.error("  " + e); process.exit(1); }
const counts = Object.entries(rendered).map(([k, v]) => `${k} ${v.length}`).join(", ");
console.log(`[check-deploy] valid: ${counts} objects; ${alerts} alerts, ${panels} dashboard panels`);
