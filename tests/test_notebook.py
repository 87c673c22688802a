"""Execute the LoRA tutorial notebook and check the numbers it reports."""

import json
import math
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "notebooks" / "lora-fine-tuning.ipynb"
RESULTS_PREFIX = "RESULTS_JSON="
URL = re.compile(r"https?://([^/\s\"'<>()\\]+)", re.IGNORECASE)
CDN_HOST = re.compile(
    r"cdn|jsdelivr|unpkg|googleapis|gstatic|jquery|cloudflare|polyfill|mathjax|requirejs",
    re.IGNORECASE,
)
FORBIDDEN_MIME = ("text/html", "application/javascript", "application/vnd.jupyter.widget")


def _outputs(nb):
    """Yield every output of every code cell."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            yield from cell.get("outputs", [])


@pytest.fixture(scope="module")
def committed():
    """The notebook as committed, with its stored outputs."""
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """RESULTS dict printed by a fresh run of a temporary copy of the notebook."""
    workdir = tmp_path_factory.mktemp("notebook")
    copy = workdir / NOTEBOOK.name
    shutil.copyfile(NOTEBOOK, copy)
    nb = nbformat.read(copy, as_version=4)
    # The notebook keeps its numbers in RESULTS; the test's own last cell prints them.
    nb.cells.append(nbformat.v4.new_code_cell(f"print({RESULTS_PREFIX!r} + json.dumps(RESULTS))"))
    nb.cells.insert(0, nbformat.v4.new_code_cell("import json"))
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()
    nbformat.write(nb, copy)
    for out in _outputs(nb):
        if out.get("output_type") == "stream":
            for line in out.get("text", "").splitlines():
                if line.startswith(RESULTS_PREFIX):
                    return json.loads(line[len(RESULTS_PREFIX) :])
    pytest.fail("no RESULTS_JSON line in the notebook outputs")


def test_adapter_starts_as_exact_noop(results):
    """Zero-initialised B makes the adapted model identical to the base."""
    assert results["adapter_noop_max_abs_diff"] == 0.0


def test_merged_weights_match_unmerged(results):
    """Merging B A into W0 changes outputs by less than 1e-6."""
    assert results["merge_max_abs_diff"] < 1e-6


def test_lora_param_counts(results):
    """Each adapter has r*(d+k) trainable parameters for every rank 1, 2, 4, 8."""
    entries = results["lora_param_counts"]
    assert {e["r"] for e in entries} >= {1, 2, 4, 8}
    for e in entries:
        assert e["count"] == e["r"] * (e["d"] + e["k"]), e
    assert all(e["count"] < results["full_trainable"] for e in entries)


def test_4bit_base_is_much_smaller(results):
    """Blockwise 4-bit storage is more than 6 times smaller than fp32."""
    assert results["base_bytes_4bit"] < results["base_bytes_fp32"] / 6


def test_final_losses_finite(results):
    """LoRA, QLoRA and full fine-tuning all end with finite losses."""
    for key in ("final_loss_lora", "final_loss_qlora", "final_loss_full"):
        assert math.isfinite(results[key]), key


def test_committed_notebook_has_outputs(committed):
    """Every code cell of the committed notebook has stored outputs and the python3 kernelspec."""
    code_cells = [c for c in committed.cells if c.cell_type == "code"]
    assert code_cells
    for cell in code_cells:
        assert cell.get("outputs"), cell.source[:60]
        assert cell.get("execution_count") is not None, cell.source[:60]
    assert committed.metadata["kernelspec"]["name"] == "python3"


def test_committed_outputs_have_no_cdn_urls(committed):
    """No stored output links to a CDN."""
    for out in _outputs(committed):
        for host in URL.findall(json.dumps(out)):
            assert not CDN_HOST.search(host), host


def test_committed_outputs_have_no_html_or_js(committed):
    """Stored outputs contain no HTML, JavaScript or widget blobs."""
    for out in _outputs(committed):
        for mime in out.get("data", {}):
            assert not mime.startswith(FORBIDDEN_MIME), mime
