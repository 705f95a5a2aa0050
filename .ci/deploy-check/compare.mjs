// compare.mjs <render.json> <dir> <kubectl output>: exit 1 when render.mjs and kubectl kustomize differ on <dir>
import fs from "node:fs";
import yaml from "js-yaml";
const [json, dir, kubectlOut] = process.argv.slice(2);
const key = (o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
const canon = (v) => Array.isArray(v) ? v.map(canon)
  : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])])) : v;
const index = (objs) => new Map(objs.map((o) => [key(o), JSON.stringify(canon(o))]));
const mine = index(JSON.parse(fs.readFileSync(json, "utf8"))[dir]);
const theirs = index(yaml.loadAll(fs.readFileSync(kubectlOut, "utf8")).filter(Boolean));
let diffs = 0;
for (const k of new Set([...mine.keys(), ...theirs.keys()]))
  if (mine.get(k) !== theirs.get(k)) { diffs++; console.error(`  ${dir} ${k}:\n    render.mjs ${mine.get(k)}\n    kubectl    ${theirs.get(k)}`); }
process.exit(diffs ? 1 : 0);
