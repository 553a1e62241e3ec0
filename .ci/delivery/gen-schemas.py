#!/usr/bin/env python3
"""Writes kubeconform's JSON schemas: one standalone, strict file per kind.

gen-schemas.py OPENAPI_V3_DIR CRD_DIR OUT
- OPENAPI_V3_DIR: k8s.io/kubernetes' api/openapi-spec/v3 (each document's components.schemas)
- CRD_DIR: CustomResourceDefinition YAML files (each served version's openAPIV3Schema)
Strict means an object that lists its properties accepts no others (as the API server's
--validate=strict does), unless it says x-kubernetes-preserve-unknown-fields.
Layout: OUT/<group or "v1">/<kind lowercased>_<version>.json, for kubeconform's
-schema-location 'OUT/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json'.
"""
import glob
import json
import os
import sys

import yaml


def convert(node):
    """A Kubernetes OpenAPI schema node as strict draft-4-style JSON schema."""
    if isinstance(node, list):
        return [convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            out[key] = "#/definitions/" + value.rsplit("/", 1)[-1]
        elif key in ("format", "x-kubernetes-validations"):
            continue  # CEL rules and formats are the API server's job (dry-run checks them)
        elif key in ("properties", "patternProperties", "definitions"):
            out[key] = {name: convert(sub) for name, sub in value.items()}
        else:
            out[key] = convert(value)
    if node.get("x-kubernetes-int-or-string"):
        for k in ("type", "anyOf", "oneOf"):
            out.pop(k, None)
        out["oneOf"] = [{"type": "integer"}, {"type": "string"}]
    if node.get("nullable") and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    if "properties" in out and "additionalProperties" not in out and not node.get(
        "x-kubernetes-preserve-unknown-fields"
    ):
        out["additionalProperties"] = False
    return out


def refs(node, found):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            found.add(node["$ref"].rsplit("/", 1)[-1])
        for value in node.values():
            refs(value, found)
    elif isinstance(node, list):
        for value in node:
            refs(value, found)


def write(out, group, version, kind, schema):
    folder = os.path.join(out, group or version)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"{kind.lower()}_{version}.json"), "w") as f:
        json.dump(schema, f)


def core(openapi_dir, out):
    count = 0
    for path in sorted(glob.glob(os.path.join(openapi_dir, "*.json"))):
        with open(path) as f:
            schemas = json.load(f).get("components", {}).get("schemas", {})
        for name, schema in schemas.items():
            for gvk in schema.get("x-kubernetes-group-version-kind", []):
                if gvk.get("kind", "").endswith("List") or gvk["kind"] in ("DeleteOptions", "WatchEvent", "Status"):
                    continue
                needed, todo = set(), [name]
                while todo:
                    current = todo.pop()
                    if current in needed or current not in schemas:
                        continue
                    needed.add(current)
                    found = set()
                    refs(schemas[current], found)
                    todo.extend(found - needed)
                standalone = {"$ref": "#/definitions/" + name, "definitions": {n: convert(schemas[n]) for n in needed}}
                write(out, gvk["group"], gvk["version"], gvk["kind"], standalone)
                count += 1
    return count


def crds(crd_dir, out):
    count = 0
    for path in sorted(glob.glob(os.path.join(crd_dir, "*.yaml"))):
        with open(path) as f:
            for doc in yaml.safe_load_all(f):
                if not doc or doc.get("kind") != "CustomResourceDefinition":
                    continue
                spec = doc["spec"]
                for version in spec["versions"]:
                    schema = version.get("schema", {}).get("openAPIV3Schema")
                    if version.get("served") and schema:
                        write(out, spec["group"], version["name"], spec["names"]["kind"], convert(schema))
                        count += 1
    return count


if __name__ == "__main__":
    openapi_dir, crd_dir, out = sys.argv[1:4]
    n_core = core(openapi_dir, out)
    n_crd = crds(crd_dir, out)
    print(f"schemas: {n_core} Kubernetes kinds, {n_crd} CRD kinds -> {out}", file=sys.stderr)
