#!/usr/bin/env python3
"""
Validate an OCDS 1.1 JSON file (record or release package) with libcoveocds, fully offline.

    python validate.py DATA.json [--standard-zip PATH] [--extension URL=DIR ...] [--allow-invalid-extensions]

* The standard (schema files) comes from a local ZIP (tests/ocds/official/standard-1__1__5.zip), passed to libcoveocds as
  config["standard_zip"] = "file://...".
* ocdsextensionregistry fetches everything else through ONE requests session (ocdsextensionregistry.util.session).
  We mount an offline transport adapter on it: URLs of mapped extensions are served from local directories, every
  other http(s) URL fails immediately with requests.ConnectionError (no socket is opened).
* libcoveocds dereferences the record-package schema with jsonref's default loader, which fetches
  https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json over HTTP even when
  standard_zip is set (stock `libcoveocds --standard-zip` fails offline on record packages). We pass jsonref a loader
  that serves those URLs from the same ZIP (patch of SchemaOCDS._jsonref_kwarg).
* --extension maps the extension.json URL that appears in the package's "extensions" array to a local directory
  that contains extension.json, release-schema.json and codelists/*.csv.

Exit status: 0 if no validation errors and no closed-codelist violations (and, unless --allow-invalid-extensions, every declared
extension resolved) and the library attempted no other fetch; 1 otherwise; 2 on usage errors.
"""
import argparse
import io
import json
import os
import sys
import tempfile
import zipfile
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import BaseAdapter

HERE = os.path.dirname(os.path.abspath(__file__))


class OfflineAdapter(BaseAdapter):
    """Serve a fixed URL -> bytes map; refuse everything else without touching the network."""

    def __init__(self, responses):
        super().__init__()
        self.responses = responses
        self.requested = []

    def send(self, request, **kwargs):
        self.requested.append(request.url)
        if request.url not in self.responses:
            raise requests.ConnectionError(f"offline: refusing to fetch {request.url}", request=request)
        content = self.responses[request.url]
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(content),
            headers={"Content-Length": str(len(content))},
            status=200,
            reason="OK",
            preload_content=False,
            request_url=request.url,
        )
        # HTTPAdapter.build_response gives a Response that requests_cache (used by ocdsextensionregistry) can store.
        return requests.adapters.HTTPAdapter().build_response(request, raw)

    def close(self):
        pass


def extension_responses(url, directory):
    """Return {url: bytes} covering every way ocdsextensionregistry may fetch the extension at `url`."""
    from ocdsextensionregistry.profile_builder import ProfileBuilder

    ext = ProfileBuilder._extension_from_url(url, urlsplit(url))  # same logic libcoveocds uses
    files = {}
    for root, _dirs, names in os.walk(directory):
        for name in sorted(names):
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, directory).replace(os.sep, "/")] = f.read()
    out = {}
    if ext.base_url:  # per-file URLs (used if there is no download URL)
        for rel, content in files.items():
            out[ext.base_url + rel] = content
    if ext.download_url:  # e.g. https://github.com/<org>/<repo>/archive/<ref>.zip -- preferred by the library
        buf = io.BytesIO()
        top = "extension/"
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(top, "")  # names[0] must be the top directory
            for rel, content in files.items():
                zf.writestr(top + rel, content)
        out[ext.download_url] = buf.getvalue()
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file")
    parser.add_argument("--standard-zip", default=os.path.join(HERE, "standard-1__1__5.zip"))
    parser.add_argument("--extension", action="append", default=[], metavar="URL=DIR")
    parser.add_argument("--allow-invalid-extensions", action="store_true")
    parser.add_argument("--verbose", "-v", action="store_true", help="print the whole libcoveocds context")
    args = parser.parse_args()

    if not os.path.isfile(args.standard_zip):
        parser.error(f"standard zip not found: {args.standard_zip} (run build_standard_zip.py)")

    import ocdsextensionregistry.util
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    responses = {}
    for item in args.extension:
        url, sep, directory = item.partition("=")
        if not sep or not os.path.isdir(directory):
            parser.error(f"--extension expects URL=DIR with an existing DIR: {item!r}")
        responses.update(extension_responses(url, directory))
    adapter = OfflineAdapter(responses)
    ocdsextensionregistry.util.session.mount("https://", adapter)
    ocdsextensionregistry.util.session.mount("http://", adapter)
    # Belt and braces: any other requests-based HTTP call anywhere in the process fails instead of going out.
    refused = []

    def _no_network(self, request, **kwargs):
        refused.append(request.url)
        raise requests.ConnectionError(f"offline: refusing to fetch {request.url}", request=request)

    requests.adapters.HTTPAdapter.send = _no_network

    # libcoveocds dereferences the *record* package schema with jsonref's default loader, which fetches
    # versionedRelease's "$ref": "https://standard.open-contracting.org/schema/1__1__5/versioned-release-..."
    # over HTTP even when standard_zip is set. Serve those URLs from the same local ZIP instead.
    from libcoveocds.schema import SchemaOCDS

    with zipfile.ZipFile(args.standard_zip) as zf:
        top = zf.namelist()[0]
        local = {
            name[len(top) + len("schema/"):]: zf.read(name).decode("utf-8")
            for name in zf.namelist()
            if name.startswith(top + "schema/") and name.endswith(".json")
        }

    def local_loader(uri, **kwargs):
        for prefix in ("https://standard.open-contracting.org/schema/", "http://standard.open-contracting.org/schema/"):
            if uri.startswith(prefix):
                basename = uri[len(prefix):].split("/", 1)[-1]
                if basename in local:
                    text = local[basename].replace("{{lang}}", "en").replace("{{version}}", "1.1")
                    return json.loads(text, **kwargs)
        refused.append(uri)
        raise requests.ConnectionError(f"offline: refusing to fetch {uri}")

    original_kwarg = SchemaOCDS._jsonref_kwarg

    def _jsonref_kwarg(*, proxies=False):
        return {**original_kwarg(proxies=proxies), "loader": local_loader}

    SchemaOCDS._jsonref_kwarg = staticmethod(_jsonref_kwarg)

    config = LibCoveOCDSConfig()
    config.config["context"] = "api"
    config.config["standard_zip"] = "file://" + os.path.abspath(args.standard_zip)

    # With extensions, libcoveocds writes extended_schema.json into output_dir (default: the CWD). Use a temp dir.
    with tempfile.TemporaryDirectory() as tmp:
        context = ocds_json_output(tmp, file=args.file, lib_cove_ocds_config=config)

    errors = context.get("validation_errors", [])
    invalid_ext = (context.get("extensions") or {}).get("invalid_extensions", [])
    deref_error = context.get("json_deref_error")

    if args.verbose:
        print(json.dumps(context, indent=2, default=list))
    summary = {
        "file": args.file,
        "version_used": context.get("version_used"),
        "validation_errors": errors,
        # libcove moves enum errors on closed-codelist fields OUT of validation_errors into this key.
        "additional_closed_codelist_values": context.get("additional_closed_codelist_values", {}),
        "invalid_extensions": invalid_ext,
        "json_deref_error": deref_error,
        "additional_fields": [f["path"] + "/" + f["field"] for f in context.get("additional_fields", [])],
        "offline_refused_urls": [u for u in adapter.requested if u not in responses] + refused,
    }
    print(json.dumps(summary, indent=2))

    # `refused` = the library tried to reach the network for something other than a declared extension.
    failed = bool(errors) or bool(summary["additional_closed_codelist_values"]) or bool(deref_error) or bool(refused) or (bool(invalid_ext) and not args.allow_invalid_extensions)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
