"""The YAML documents we ship and write validate against the JSON Schemas in schemas/."""
import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("IMPLICIT_BIN", str(ROOT / ".build/debug/implicit"))


def validator(kind):
    network = json.loads((ROOT / "schemas/network.schema.json").read_text())
    implicit = json.loads((ROOT / "schemas/implicit.schema.json").read_text())
    registry = Registry().with_resources([
        (network["$id"], Resource.from_contents(network)),
        (implicit["$id"], Resource.from_contents(implicit)),
    ])
    return jsonschema.Draft202012Validator(network if kind == "network" else implicit, registry=registry)


SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_samples_validate(path):
    document = yaml.safe_load(path.read_text())
    validator(document["kind"]).validate(document)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
@pytest.mark.parametrize("form", ["network", "implicit"])
def test_written_yaml_validates(path, form, tmp_path):
    out = tmp_path / "out.yaml"
    result = subprocess.run([BIN, "convert", str(path), "-o", str(out), "--form", form],
                            capture_output=True, text=True)
    # A document of kind implicit has no network form to write.
    if form == "network" and yaml.safe_load(path.read_text())["kind"] == "implicit":
        assert result.returncode == 2 and not out.exists()
        return
    assert result.returncode == 0, result.stderr
    document = yaml.safe_load(out.read_text())
    assert document["kind"] == form
    validator(form).validate(document)
