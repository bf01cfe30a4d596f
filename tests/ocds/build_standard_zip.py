#!/usr/bin/env python3
"""
Build an offline "standard" ZIP for OCDS 1.1.5 in the layout that
ocdsextensionregistry.util._resolve_zip / ProfileBuilder.get_standard_file_contents expects:

    <top>/                      <- MUST be the first entry (names[0])
    <top>/schema/release-schema.json
    <top>/schema/release-package-schema.json
    <top>/schema/record-package-schema.json
    <top>/schema/versioned-release-validation-schema.json
    (<top>/schema/codelists/*.csv  -- not available from any registry package, see report)

Sources: test fixtures inside PyPI sdists (fetched with `pip download --no-binary :all:`):
  ocdsextensionregistry==0.7.0  tests/fixtures/release-schema.json                      (id .../1__1__5/...)
  ocdsextensionregistry==0.7.0  tests/fixtures/versioned-release-validation-schema.json (id .../1__1__5/...)
  ocdskit==1.7.0                tests/fixtures/release-package-schema.json              (id .../1__1__5/...)
  ocdskit==1.7.0                tests/fixtures/a/record-package-schema-dereferenced.json (id .../1__1__5/...)
                                -> record-package-schema.json is RECONSTRUCTED (refs put back).

Usage: build_standard_zip.py OUT.zip [SDIST_DIR]
"""
import copy
import glob
import json
import os
import subprocess
import sys
import tarfile
import zipfile

TAG = "1__1__5"
BASE = f"https://standard.open-contracting.org/schema/{TAG}/"
PIP = [sys.executable, "-m", "pip"]

SOURCES = {
    # archive basename prefix, member path inside sdist, output name
    "release-schema.json": ("ocdsextensionregistry-0.7.0", "tests/fixtures/release-schema.json"),
    "versioned-release-validation-schema.json": (
        "ocdsextensionregistry-0.7.0",
        "tests/fixtures/versioned-release-validation-schema.json",
    ),
    "release-package-schema.json": ("ocdskit-1.7.0", "tests/fixtures/release-package-schema.json"),
    "_record-package-schema-dereferenced.json": (
        "ocdskit-1.7.0",
        "tests/fixtures/a/record-package-schema-dereferenced.json",
    ),
}


def fetch_sdists(dest):
    os.makedirs(dest, exist_ok=True)
    for spec in ("ocdsextensionregistry==0.7.0", "ocdskit==1.7.0"):
        name = spec.split("==")[0] + "-" + spec.split("==")[1]
        if not glob.glob(os.path.join(dest, name + ".tar.gz")):
            subprocess.run(
                [*PIP, "download", "-q", "--no-deps", "--no-binary", ":all:", spec, "-d", dest], check=True
            )


def read_member(dest, prefix, member):
    with tarfile.open(os.path.join(dest, prefix + ".tar.gz")) as tf:
        return tf.extractfile(f"{prefix}/{member}").read()


def reconstruct_record_package_schema(deref):
    """Turn ocdskit's dereferenced record package schema back into the 1.1.5 layout
    (definitions.record + $refs to release-schema / versioned-release-validation-schema)."""
    schema = {k: v for k, v in deref.items() if k != "properties"}
    props = copy.deepcopy({k: v for k, v in deref["properties"].items() if k != "records"})
    records = deref["properties"]["records"]
    record = copy.deepcopy({k: v for k, v in records["items"].items() if k != "properties"})
    rprops = records["items"]["properties"]
    releases = copy.deepcopy({k: v for k, v in rprops["releases"].items() if k != "oneOf"})
    linked = copy.deepcopy(rprops["releases"]["oneOf"][0])
    embedded = {k: v for k, v in rprops["releases"]["oneOf"][1].items() if k != "items"}
    embedded["items"] = {"$ref": BASE + "release-schema.json"}
    releases["oneOf"] = [linked, embedded]
    record["properties"] = {
        "ocid": copy.deepcopy(rprops["ocid"]),
        "releases": releases,
        "compiledRelease": {
            "title": "Compiled release",
            "description": "This is the latest version of all the contracting data, it has the same schema as an "
            "open contracting release.",
            "$ref": BASE + "release-schema.json",
        },
        "versionedRelease": {
            "title": "Versioned release",
            "description": "This contains the history of all the data in the compiled release.",
            "$ref": BASE + "versioned-release-validation-schema.json",
        },
    }
    props["records"] = {k: v for k, v in records.items() if k != "items"}
    props["records"]["items"] = {"$ref": "#/definitions/record"}
    out = {}
    for k in ("id", "$schema", "title", "description", "type"):
        out[k] = schema[k]
    out["properties"] = props
    out["required"] = schema["required"]
    out["definitions"] = {"record": record}
    return out


def closed_codelists_from_enums(*schemas):
    """No registry package ships schema/codelists/*.csv. Derive the CLOSED codelists (Code column only) from the
    `enum` next to each `"codelist": ..., "openCodelist": false`. Open codelists can't be derived and are omitted."""
    found = {}

    def walk(node):
        if isinstance(node, dict):
            name = node.get("codelist")
            if name and node.get("openCodelist") is False:
                enum = node.get("enum") or (node.get("items") or {}).get("enum")
                if enum:
                    codes = [c for c in enum if c is not None]
                    if name in found and found[name] != codes:
                        raise AssertionError(f"inconsistent enums for {name}")
                    found[name] = codes
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for schema in schemas:
        walk(schema)
    return found


def main():
    out_zip = os.path.abspath(sys.argv[1])
    sdists = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(out_zip), "sdists")
    fetch_sdists(sdists)

    files = {}
    for name, (prefix, member) in SOURCES.items():
        files[name] = json.loads(read_member(sdists, prefix, member))
    deref = files.pop("_record-package-schema-dereferenced.json")
    files["record-package-schema.json"] = reconstruct_record_package_schema(deref)

    for name, data in files.items():
        assert data["id"] == BASE + name, (name, data["id"])

    codelists = closed_codelists_from_enums(files["release-schema.json"], files["record-package-schema.json"])

    top = f"standard-{TAG}/"
    with zipfile.ZipFile(out_zip, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(top, "")  # names[0] must be the top directory
        zf.writestr(top + "schema/", "")
        for name in sorted(files):
            zf.writestr(top + "schema/" + name, json.dumps(files[name], ensure_ascii=False, indent=2) + "\n")
        zf.writestr(top + "schema/codelists/", "")
        for name in sorted(codelists):
            zf.writestr(top + "schema/codelists/" + name, "Code\n" + "".join(f"{c}\n" for c in codelists[name]))
    print(out_zip)


if __name__ == "__main__":
    main()
