"""The Nu Html Checker (vnu), run with Java: vnu.jar comes from the npm package ``vnu-jar``
(``package.json``; ``make install`` runs ``npm ci``)."""

import json
import shutil
import subprocess

import pytest
from django.conf import settings

VNU = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_messages(pages: dict[str, bytes], folder) -> dict[str, list[str]]:
    """Check HTML documents with vnu; page name → its errors, as "line N: message"."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is needed to run vnu: apt-get install default-jre-headless")
    if not VNU.exists():
        pytest.fail(f"vnu.jar is not at {VNU}: run `make install` (npm ci).")
    names = {}
    for name, html in pages.items():
        path = folder / f"{name}.html"
        path.write_bytes(html)
        names[f"file:{path}"] = name  # as vnu writes a file's URL
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, folder.iterdir())],
        capture_output=True,
        text=True,
        check=False,
    )
    # vnu writes its JSON report on standard error; it exits 1 when it found errors.
    report = json.loads(result.stderr)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        name = names.get(message.get("url"), message.get("url", "vnu"))
        where = f"line {message['lastLine']}: " if "lastLine" in message else ""
        errors.setdefault(name, []).append(f"{where}{message['message']}")
    return errors
