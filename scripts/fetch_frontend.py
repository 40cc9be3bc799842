"""Install the front-end libraries pinned in package-lock.json, without Node.

Reads package-lock.json (npm lockfile v3), downloads each package's tarball from the npm
registry, checks it against the lockfile's `integrity` hash, and copies the files that
package.json's "ouvertStatic" lists into src/ouvert/web/static/vendor/<package>/.
Nothing fetched is committed (see .gitignore). Re-running only fetches what is missing.

    python scripts/fetch_frontend.py [--dev]
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "ouvert" / "web" / "static" / "vendor"
REGISTRY = os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org/").rstrip("/")


def tarball_url(name: str, version: str) -> str:
    basename = name.rsplit("/", 1)[-1]
    return f"{REGISTRY}/{name}/-/{basename}-{version}.tgz"


def check_integrity(data: bytes, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise SystemExit(f"integrity mismatch for a downloaded tarball ({algorithm})")


def fetch(name: str, version: str, integrity: str, files: list[str]) -> None:
    target = VENDOR / name
    stamp = target / ".version"
    if (
        stamp.exists()
        and stamp.read_text() == version
        and all((target / f).exists() for f in files)
    ):
        return
    url = tarball_url(name, version)
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - fixed https registry
        data = response.read()
    check_integrity(data, integrity)
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for wanted in files:
            member = archive.getmember(f"package/{wanted}")
            extracted = archive.extractfile(member)
            if extracted is None:
                raise SystemExit(f"{name}: {wanted} is not a file")
            destination = target / wanted
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(extracted.read())
    stamp.write_text(version)
    print(f"  {name}@{version}")


def main() -> None:
    include_dev = "--dev" in sys.argv
    manifest = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    wanted = manifest.get("ouvertStatic", {})
    for key, entry in lock["packages"].items():
        if not key.startswith("node_modules/"):
            continue
        name = key.removeprefix("node_modules/")
        if name not in wanted or (entry.get("dev") and not include_dev):
            continue
        fetch(name, entry["version"], entry["integrity"], wanted[name])


if __name__ == "__main__":
    main()
