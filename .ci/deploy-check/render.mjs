// A minimal kustomize for what k8s/ uses, so that CI renders every overlay where no kubectl >= 1.21 (kustomize v4+)
// can be installed (Debian 12's kubernetes-client is 1.20, with kustomize v2, which knows neither `labels`,
// `components` nor inline `patches`). Supported: resources (files and directories), components, namespace,
// labels[].pairs (metadata only), images (newName/newTag/digest on pod-template containers), and patches given
// as inline JSON 6902 with a target {kind, name}. Anything else in a kustomization is an error, never ignored.
// check-deploy compares this renderer's output with `kubectl kustomize` wherever a recent kubectl exists.
import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";

const KNOWN = new Set(["apiVersion", "kind", "resources", "components", "namespace", "labels", "images", "patches"]);
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterSecretStore", "ClusterRole", "ClusterRoleBinding",
  "CustomResourceDefinition", "StorageClass", "PersistentVolume", "IngressClass", "PriorityClass"]);

function loadKustomization(dir) {
  for (const f of ["kustomization.yaml", "kustomization.yml", "Kustomization"]) {
    const p = path.join(dir, f);
    if (fs.existsSync(p)) {
      const k = yaml.load(fs.readFileSync(p, "utf8"));
      for (const key of Object.keys(k)) if (!KNOWN.has(key)) throw new Error(`${p}: '${key}' is not supported by render.mjs`);
      return [p, k];
    }
  }
  throw new Error(`${dir}: no kustomization.yaml`);
}

function readObjects(file) {
  return yaml.loadAll(fs.readFileSync(file, "utf8")).filter((d) => d != null);
}

function decode(token) { return token.replace(/~1/g, "/").replace(/~0/g, "~"); }

function applyOp(doc, op, where) {
  const parts = op.path.split("/").slice(1).map(decode);
  const last = parts.pop();
  let parent = doc;
  for (const p of parts) {
    parent = Array.isArray(parent) ? parent[Number(p)] : parent?.[p];
    if (parent === undefined) throw new Error(`${where}: path ${op.path} does not exist`);
  }
  if (Array.isArray(parent)) {
    const i = last === "-" ? parent.length : Number(last);
    if (op.op === "add") parent.splice(i, 0, op.value);
    else if (op.op === "replace") { if (i >= parent.length) throw new Error(`${where}: ${op.path} out of range`); parent[i] = op.value; }
    else if (op.op === "remove") parent.splice(i, 1);
    else throw new Error(`${where}: op ${op.op} not supported`);
  } else {
    if (op.op !== "add" && !(last in parent)) throw new Error(`${where}: ${op.op} of missing ${op.path}`);
    if (op.op === "add" || op.op === "replace") parent[last] = op.value;
    else if (op.op === "remove") delete parent[last];
    else throw new Error(`${where}: op ${op.op} not supported`);
  }
}

function applyPatches(objs, patches, where) {
  for (const p of patches ?? []) {
    if (!p.target || typeof p.patch !== "string") throw new Error(`${where}: only inline JSON 6902 patches with a target`);
    const ops = yaml.load(p.patch);
    if (!Array.isArray(ops)) throw new Error(`${where}: patch for ${JSON.stringify(p.target)} is not a JSON 6902 list`);
    const hits = objs.filter((o) => (!p.target.kind || o.kind === p.target.kind) && (!p.target.name || o.metadata?.name === p.target.name));
    if (hits.length === 0) throw new Error(`${where}: patch target ${JSON.stringify(p.target)} matches nothing`);
    for (const o of hits) for (const op of ops) applyOp(o, op, `${where} ${o.kind}/${o.metadata.name}`);
  }
}

function podSpecs(o) {
  return [o.spec, o.spec?.template?.spec, o.spec?.jobTemplate?.spec?.template?.spec].filter((s) => s && typeof s === "object");
}

function applyImages(objs, images) {
  for (const img of images ?? []) {
    for (const o of objs) for (const spec of podSpecs(o)) for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      if (typeof c.image !== "string") continue;
      const m = c.image.match(/^([^@]+?)(?::([^:/@]+))?(?:@(.+))?$/);
      if (!m || m[1] !== img.name) continue;
      let out = img.newName ?? m[1];
      if (img.digest) out += `@${img.digest}`;
      else if (img.newTag) out += `:${img.newTag}`;
      else if (m[2]) out += `:${m[2]}`;
      c.image = out;
    }
  }
}

function applyKustomization(dir, k, objs) {
  const where = path.join(dir, "kustomization.yaml");
  for (const c of k.components ?? []) {
    const [cp, ck] = loadKustomization(path.join(dir, c));
    if (ck.kind !== "Component") throw new Error(`${cp}: not a Component`);
    for (const r of ck.resources ?? []) objs.push(...load(path.join(dir, c, r)));
    applyKustomization(path.join(dir, c), ck, objs);
  }
  applyPatches(objs, k.patches, where);
  if (k.namespace) for (const o of objs) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  for (const l of k.labels ?? []) {
    if (l.includeSelectors || l.includeTemplates) throw new Error(`${where}: labels with includeSelectors/includeTemplates not supported`);
    for (const o of objs) o.metadata.labels = { ...(o.metadata.labels ?? {}), ...l.pairs };
  }
  applyImages(objs, k.images);
}

function load(p) {
  if (fs.statSync(p).isDirectory()) return render(p);
  return readObjects(p);
}

export function render(dir) {
  const [, k] = loadKustomization(dir);
  if (k.kind === "Component") throw new Error(`${dir}: a Component cannot be rendered alone`);
  const objs = [];
  for (const r of k.resources ?? []) objs.push(...load(path.join(dir, r)));
  applyKustomization(dir, k, objs);
  return objs;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(render(process.argv[2]).map((o) => yaml.dump(o, { lineWidth: -1 })).join("---\n"));
}
