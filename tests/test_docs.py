"""The documentation site: it builds strictly, has a page per derivation, and typesets offline.

The site is built once per session, as the README says (``mkdocs build --strict``). The
browser tests open it in headless Chromium from a server on 127.0.0.1 with every other host
unreachable, check in the page itself that KaTeX's output, stylesheet and fonts are there and
no raw TeX is visible, and save screenshots under ``tmp/artifacts/`` for a person to look at.
"""

from __future__ import annotations

import functools
import html
import json
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import types
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, fields
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import mpmath
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.structure.files import Files
from prose_math import ascii_math, prose
from sitegen.figures import FIGURES

from xentsym import catalogue, derivations, derive, functions, losses, stabilize, symbols, verification
from xentsym import numpy as xentsym_numpy
from xentsym.article import EXAMPLES, rows
from xentsym.blocks import parse_block, render
from xentsym.cli import main
from xentsym.derive import differentiate
from xentsym.functions import sigmoid
from xentsym.mkdocs_plugin import FENCE
from xentsym.symbols import z

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "mkdocs.yml"
CONTENT = ROOT / "docs" / "content"
ARTIFACTS = ROOT / "tmp" / "artifacts"

DERIVATION_PAGES = [f"derivations/{name}.html" for name in derivations.names()]
MATH_PAGES = ["index.html", "article.html", "derivations/index.html", *DERIVATION_PAGES, "notebook.html"]
API_MODULES = ("numpy", "verify", "derive", "catalogue", "stabilize", "losses", "functions", "symbols")
API_PAGES = ["api/index.html", *(f"api/{module}.html" for module in API_MODULES)]
PAGES = [*MATH_PAGES, "getting-started.html", "cli.html", "accuracy.html", "speed.html", *API_PAGES]
SCREENSHOTS = [
    "derivations/bce_logits.html",
    "derivations/softmax_hessian.html",
    "article.html",
    "index.html",
]

RAW_TEX = ("\\frac", "\\begin", "\\operatorname", "\\left", "$$", "\\(", "\\[")

# Chromium with nothing but 127.0.0.1: every host name fails to resolve, and anything that
# still tries to leave goes to a proxy where nothing listens.
OFFLINE = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
)


# --- the build -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built by ``mkdocs build --strict`` into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(CONFIG), "-d", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{done.stdout}{done.stderr}")
    return out


@pytest.fixture(scope="session")
def sources() -> dict[str, str]:
    """The Markdown of the pages the build hook generates, by path in the docs."""
    config = load_config(str(CONFIG))
    files = config.plugins.on_files(Files([]), config=config)
    return {file.src_uri: file.content_string for file in files if file.src_uri.endswith(".md")}


def test_every_derivation_has_a_page_in_the_nav(site: Path):
    home = (site / "index.html").read_text(encoding="utf-8")
    for name in derivations.names():
        assert (site / "derivations" / f"{name}.html").is_file(), f"no page for derivation {name}"
        assert f'href="derivations/{name}.html"' in home, f"derivation {name} is not in the nav"


@pytest.mark.parametrize("name", derivations.names())
def test_a_derivation_page_is_what_the_cli_prints(name: str, sources: dict[str, str], capsys):
    """The page, but for its figures, is a block that the plugin renders, as on anyone's site, into
    what the command line prints."""
    assert main(["derive", name, "--format", "markdown"]) == 0
    printed = capsys.readouterr().out.removesuffix("\n")
    page = re.sub(r"<!-- xentsym: figure \w+ -->\n\n", "", sources[f"derivations/{name}.md"])
    rendered = FENCE.sub(lambda m: render(parse_block(m["body"])).markdown, page)
    assert rendered.rstrip("\n") == printed.rstrip("\n")


def test_a_derivation_that_does_not_prove_breaks_the_build(monkeypatch, tmp_path: Path, caplog):
    broken = types.ModuleType("broken")
    broken.TITLE, broken.SUMMARY, broken.LOSSES = "Broken", "A wrong derivative.", ()
    broken.build = lambda: (differentiate(sigmoid(z), z, closed_form=sigmoid(z)),)
    monkeypatch.setattr(derivations, "names", lambda: ["broken"])
    monkeypatch.setattr(derivations, "load", lambda name: broken)
    with pytest.raises(Abort):
        build(load_config(str(CONFIG), site_dir=str(tmp_path), strict=True))
    assert "derivations/broken.md: the xentsym block at line 5 cannot be rendered: ProofError" in caplog.text


def test_the_article_page_is_computed(site: Path):
    page = (site / "article.html").read_text(encoding="utf-8")
    for example in EXAMPLES:
        for row in rows(example):
            assert mpmath.nstr(row.exact, 17, strip_zeros=False) in page
            assert repr(row.xentsym) in page


def test_every_page_shows_the_version_and_the_article_page_names_its_source(site: Path):
    from importlib.metadata import version

    for page in ("index.html", "article.html", "derivations/bce_logits.html"):
        assert f"xentsym {version('xentsym')}" in (site / page).read_text(encoding="utf-8")
    assert "二分类和多分类交叉熵手动计算" in (site / "article.html").read_text(encoding="utf-8")


def test_the_cli_page_is_the_parsers_help(site: Path):
    page = html.unescape((site / "cli.html").read_text(encoding="utf-8"))
    for command in ("derive", "verify", "codegen", "stabilize", "article"):
        assert f"usage: xentsym {command}" in page
    assert "exit status: 0 proved, 1 refuted" in page


def test_the_api_reference_documents_the_modules(site: Path):
    page = (site / "api" / "numpy.html").read_text(encoding="utf-8")
    assert "sigmoid_cross_entropy_with_logits" in page and "label_smoothing" in page
    assert "ProofError" in (site / "api" / "derive.html").read_text(encoding="utf-8")


def test_the_api_reference_has_an_entry_for_every_public_name_and_no_raw_roles(site: Path):
    pages = "".join((site / page).read_text(encoding="utf-8") for page in API_PAGES)
    text = html.unescape(re.sub(r"<[^>]+>", "", pages))
    assert not re.findall(r":(?:func|mod|class|data|meth|attr|exc):`", text)
    anchors = set(re.findall(r'id="([^"]+)"', pages))
    modules = [m.__name__ for m in (xentsym_numpy, verification, derive, catalogue, stabilize, losses)]
    modules += [functions.__name__, symbols.__name__]
    expected = {f"{module}.{name}" for module in modules for name in sys.modules[module].__all__}
    expected |= {
        f"xentsym.numpy.{name}.{method}"
        for name in xentsym_numpy.__all__
        for method in ("grad", "value_and_grad")
    }
    expected |= {
        f"xentsym.verification.Verification.{field.name}" for field in fields(verification.Verification)
    }
    expected |= {
        f"xentsym.verification.Counterexample.{field.name}" for field in fields(verification.Counterexample)
    }
    assert not expected - anchors


def test_nothing_is_fetched_from_the_network(site: Path):
    remote = re.compile(r"<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.I)
    for page in site.rglob("*.html"):
        found = remote.search(page.read_text(encoding="utf-8"))
        assert found is None, f"{page.relative_to(site)} loads {found[0]}"
    for sheet in site.rglob("*.css"):
        found = re.search(r"(?:url\(|@import)\s*[\"']?(?:https?:)?//", sheet.read_text(encoding="utf-8"))
        assert found is None, f"{sheet.relative_to(site)} loads from the network"


# --- the examples on the hand-written pages ------------------------------------------------


def test_page_prose_has_no_math_written_as_text(site: Path):
    """Outside code and typeset math, no page writes a formula as text, the API reference's
    docstrings included."""
    pages = [p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("assets/")]
    found = {
        page.relative_to(site).as_posix(): ascii_math(prose(page.read_text(encoding="utf-8")))
        for page in pages
    }
    assert {page: shown for page, shown in found.items() if shown} == {}


def test_a_heading_with_a_formula_has_a_stable_anchor_and_reads_in_the_contents(site: Path):
    page = (site / "derivations" / "softmax_hessian.html").read_text(encoding="utf-8")
    assert '<h2 id="hessian-entry-hij">' in page
    assert re.search(
        r'href="#hessian-entry-hij"[^>]*>\s*<span class="md-ellipsis">\s*Hessian entry Hᵢⱼ', page
    )
    assert not re.search(r'id="[^"]*xentsym', page, re.IGNORECASE), "an anchor is made from a placeholder"


def _blocks(language: str, *more: Path) -> list[tuple[str, str]]:
    """(page, code) for each fenced block of ``language`` in the hand-written pages (and ``more``)."""
    found = []
    for page in [*sorted(CONTENT.rglob("*.md")), *more]:
        text = page.read_text(encoding="utf-8")
        found += [(page.name, code) for code in re.findall(rf"^```{language}\n(.*?)^```", text, re.M | re.S)]
    return found


def _console_examples() -> list[tuple[str, list[str]]]:
    """Each ``$ xentsym ...`` line of a console block, with the lines shown after it."""
    examples = []
    for _page, block in _blocks("console", ROOT / "README.md"):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, shown = chunk.partition("\n")
            examples.append((command, shown.rstrip("\n").splitlines()))
    return examples


def _shows(actual: list[str], shown: list[str]) -> bool:
    """Whether ``actual`` reads as ``shown``: a line ``...`` stands for any lines (none too), a
    line ending in ``...`` for the rest of that line, and, last, for the rest of the output."""
    if not shown:
        return not actual
    line, rest = shown[0], shown[1:]
    if line == "...":
        return any(_shows(actual[n:], rest) for n in range(len(actual) + 1))
    if not actual:
        return False
    if line.endswith("..."):
        return actual[0].startswith(line.removesuffix("...")) and (not rest or _shows(actual[1:], rest))
    return actual[0] == line and _shows(actual[1:], rest)


def test_an_example_may_leave_lines_out():
    assert _shows(["a", "b", "c"], ["a", "...", "c"]) and _shows(["a", "c"], ["a", "...", "c"])
    assert _shows(["a b", "c", "d"], ["a...", "c", "..."]) and _shows(["a b", "c", "d"], ["a..."])
    assert not _shows(["a", "b", "c"], ["a", "...", "d"]) and not _shows(["a b", "c", "d"], ["a...", "d"])
    assert not _shows(["a", "b"], ["a"]) and not _shows(["a"], ["a", "b"])


@pytest.mark.parametrize(("command", "shown"), _console_examples())
def test_console_examples_print_what_the_pages_show(command: str, shown: list[str], capsys):
    program, *argv = shlex.split(command)
    assert program == "xentsym"
    main(argv)
    actual = capsys.readouterr().out.rstrip("\n").splitlines()
    assert _shows(actual, shown), "\n".join(actual)


@pytest.mark.parametrize("page", sorted({page for page, _code in _blocks("python")}))
def test_python_examples_run(page: str, capsys):
    namespace: dict[str, object] = {}  # a page's blocks run in order, as a reader would run them
    for code in (code for name, code in _blocks("python") if name == page):
        exec(compile(code, page, "exec"), namespace)


# --- in a browser, offline -----------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium; missing, the browser tests skip, except in CI where they fail."""
    binary = shutil.which("chromium")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is needed for the browser tests in CI: apt-get install chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return binary


class _Site(SimpleHTTPRequestHandler):
    """The built site; a page posts what it found to ``/report``, into the server's queue."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.reports.put(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output to the tests."""


@dataclass
class Served:
    url: str
    reports: queue.Queue


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[Served]:
    """The built site over HTTP on 127.0.0.1, where directory URLs work as on a real server."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Site, directory=str(site)))
    server.reports = queue.Queue()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Served(f"http://127.0.0.1:{server.server_port}/", server.reports)
    server.shutdown()
    server.server_close()


def _browse(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [chromium, *OFFLINE, f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


# Loads each page in a same-origin frame and reports, from inside it, what a reader gets.
PROBE = """<!doctype html><meta charset="utf-8"><title>probe</title><body>
<script>
const PAGES = __PAGES__;
async function probe(path) {
  const frame = document.createElement("iframe");
  frame.width = 1280; frame.height = 1000;
  const loaded = new Promise((resolve) => frame.addEventListener("load", resolve, {once: true}));
  await report({reached: path});
  frame.src = "/" + path;
  document.body.append(frame);
  await loaded;
  const doc = frame.contentDocument;
  await doc.fonts.ready;
  const content = doc.querySelector(".md-content").cloneNode(true);
  content.querySelectorAll(".katex-mathml, script, style").forEach((node) => node.remove());
  const katexFonts = [...doc.fonts].filter((font) => font.family.replace(/["']/g, "").startsWith("KaTeX_"));
  const result = {
    formulas: doc.querySelectorAll(".katex").length,
    untypeset: doc.querySelectorAll(".arithmatex:not(:has(.katex))").length,
    errors: doc.querySelectorAll(".katex-error, mjx-merror, .MathJax_Error, [data-mjx-error]").length,
    mathmlHidden: [...doc.querySelectorAll(".katex-mathml")].every(
      (node) => getComputedStyle(node).position === "absolute"),
    fontsLoaded: katexFonts.filter((font) => font.status === "loaded").length,
    fontsFailed: katexFonts.filter((font) => font.status === "error").map((font) => font.family),
    remote: frame.contentWindow.performance.getEntriesByType("resource")
      .map((entry) => entry.name).filter((url) => !url.startsWith(location.origin)),
    text: content.textContent,
    notebookDisplays: doc.querySelectorAll(".notebook-output .katex-display").length,
    images: [...doc.querySelectorAll(".md-content img")].map((img) => (
      {src: img.getAttribute("src"), alt: img.alt, loaded: img.complete && img.naturalWidth > 0})),
  };
  result.phone = await onPhone(frame);
  frame.remove();
  return result;
}
// The page laid out 390 px wide: how wide it is, whether it scrolls sideways, its formulas
// (displays, paragraphs with formulas) too wide for it, and those and the code blocks too wide
// that do not scroll in a box with a cue (a gradient: shadows).
async function onPhone(frame) {
  frame.width = PHONE;
  const win = frame.contentWindow, doc = frame.contentDocument;
  await new Promise((resolve) => win.requestAnimationFrame(() => win.requestAnimationFrame(resolve)));
  win.scrollTo(10000, 0);
  const scrolls = (node) => getComputedStyle(node).overflowX !== "visible";
  const tooWide = (selector) => [...doc.querySelectorAll(selector)]
    .filter((box) => box.scrollWidth > box.clientWidth + 1);
  const wide = tooWide("div.arithmatex, p:has(> span.arithmatex)");
  const found = {
    width: doc.documentElement.scrollWidth,
    screen: doc.documentElement.clientWidth, // the frame's width less its scroll bar
    scrolledBy: win.scrollX,
    wideFormulas: wide.length,
    uncued: [...wide, ...tooWide("pre > code")]
      .filter((box) => !scrolls(box) || !getComputedStyle(box).backgroundImage.includes("gradient")).length,
    outside: [],
  };
  if (found.width > found.screen || found.scrolledBy > 0) {
    win.scrollTo(0, 0);
    found.outside = [...doc.body.querySelectorAll("*")]
      .filter((node) => node.getBoundingClientRect().right > found.screen + 1)
      .slice(0, 8).map((node) => `${node.tagName}.${node.className}`);
  }
  return found;
}
const PHONE = 390;
const report = (found) => fetch("__REPORT__", {method: "POST", body: JSON.stringify(found)});
(async () => {
  const results = {};
  for (const path of PAGES) results[path] = await probe(path);
  await report({results});
})().catch((error) => report({error: String(error)}));
</script>"""


def _probe(chromium: str, profile: Path, served: Served, page: str, *flags: str) -> dict:
    """What ``page`` posts back to ``served``, with Chromium run in real time (virtual time can
    stall) until the page's last report; a report ``{"reached": ...}`` before it names where a
    hang happened."""
    log = profile / "stderr.txt"
    with log.open("w") as stderr:
        command = [chromium, *OFFLINE, f"--user-data-dir={profile / 'profile'}", *flags, page]
        browser = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
    reached, deadline = "the start", time.monotonic() + 300
    try:
        while True:
            report = served.reports.get(timeout=max(0.0, deadline - time.monotonic()))
            if "reached" not in report:
                break
            reached = report["reached"]
    except queue.Empty:
        pytest.fail(f"the probe hung at {reached}:\n{log.read_text(errors='replace')[-3000:]}")
    finally:
        os.killpg(browser.pid, signal.SIGKILL)
        browser.wait()
    assert "error" not in report, report
    return report


@pytest.fixture(scope="session")
def probed(site: Path, served: Served, chromium: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What each page shows in Chromium, offline: one browser run for all pages."""
    probe = PROBE.replace("__PAGES__", json.dumps(PAGES)).replace("__REPORT__", served.url + "report")
    (site / "probe.html").write_text(probe, encoding="utf-8")
    profile = tmp_path_factory.mktemp("chromium-probe")
    return _probe(chromium, profile, served, served.url + "probe.html")["results"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_typeset_offline(path: str, probed: dict):
    page = probed[path]
    assert page["remote"] == [], f"{path} fetched from the network"
    assert page["errors"] == 0 and page["untypeset"] == 0, f"{path}: formulas not typeset"
    shown = [tex for tex in RAW_TEX if tex in page["text"]]
    assert shown == [], f"{path} shows raw TeX: {shown}"
    if path in MATH_PAGES:
        assert page["formulas"] > 0, f"{path} has no formulas"
        assert page["mathmlHidden"], "KaTeX's stylesheet is not applied: its MathML copy is visible"
        assert page["fontsLoaded"] > 0 and page["fontsFailed"] == [], "KaTeX's fonts did not load"


@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_a_phone(path: str, probed: dict):
    """At 390 px the page never scrolls sideways; a formula or code block wider than that scrolls
    in its own box, with a shadow on the side where there is more."""
    phone = probed[path]["phone"]
    fits = phone["width"] <= phone["screen"] and phone["scrolledBy"] == 0
    assert fits, f"{path} is wider than a phone: {phone}"
    assert phone["uncued"] == 0, f"{path}: wide formulas or code blocks without a scroll cue: {phone}"


def test_the_widest_derivations_do_not_fit_a_phone(probed: dict):
    """So the check above sees formulas that need their scroll box: the rules column of a
    derivation is beyond 390 px."""
    for path in ("index.html", "derivations/softmax_hessian.html"):
        assert probed[path]["phone"]["wideFormulas"] > 0, path


def test_the_notebook_page_shows_its_outputs(probed: dict):
    page = probed["notebook.html"]
    assert page["notebookDisplays"] >= 3, "the derivations and the %%xentsym block are not typeset"
    for output in ("proved: the difference expands to 0", "refuted: at K = 1", "def grad(y, z, w", "array(["):
        assert output in page["text"], f"the notebook page does not show {output!r}"


@pytest.mark.parametrize("name", FIGURES)
def test_figures_are_on_their_pages_with_alt_text_and_load(name: str, site: Path, probed: dict):
    figure = FIGURES[name]
    page = figure.page.removesuffix(".md") + ".html"
    source = f"figures/{name}.svg"
    assert (site / page).parent.joinpath(source).is_file(), f"{source} is not in the site"
    shown = [image for image in probed[page]["images"] if image["src"] == source]
    assert len(shown) == 1, f"{page} shows {source} {len(shown)} times"
    assert shown[0]["loaded"], f"{source} did not load on {page}"
    assert len(shown[0]["alt"]) > 80 and shown[0]["alt"].startswith(figure.alt[:40]), "no alt text"


@pytest.mark.parametrize("path", SCREENSHOTS)
def test_screenshots(path: str, served: Served, chromium: str, tmp_path: Path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{path.removesuffix('.html').replace('/', '_')}.png"
    shot.unlink(missing_ok=True)
    size = "--window-size=1280,2400"
    done = _browse(
        chromium,
        tmp_path,
        "--hide-scrollbars",
        size,
        f"--screenshot={shot}",
        served.url + path,
    )
    assert shot.is_file() and shot.stat().st_size > 20_000, done.stderr[-3000:]


# Opened from disk: searches, and follows the search results and the nav to files that exist.
# (Chromium lets a file:// page read its frames only with --allow-file-access-from-files; the
# site itself works without it.)
DISK_PROBE = """<!doctype html><meta charset="utf-8"><title>probe</title><body>
<script>
const report = (found) => fetch("__REPORT__", {method: "POST", mode: "no-cors", body: JSON.stringify(found)});
(async () => {
  const frame = document.createElement("iframe");
  frame.width = 1280; frame.height = 1000;
  const loaded = new Promise((resolve) => frame.addEventListener("load", resolve, {once: true}));
  frame.src = "derivations/bce_logits.html?q=softplus";
  document.body.append(frame);
  await loaded;
  const doc = frame.contentDocument;
  await doc.fonts.ready;
  for (let wait = 0; wait < 600 && !doc.querySelector(".md-search-result__link"); wait++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const links = (selector) => [...doc.querySelectorAll(selector)].map((link) => link.href);
  await report({
    results: links(".md-search-result__link"),
    nav: links(".md-nav__link[href]"),
    fontsLoaded: [...doc.fonts].filter((font) => font.status === "loaded").length,
    remote: frame.contentWindow.performance.getEntriesByType("resource")
      .map((entry) => entry.name).filter((url) => !url.startsWith("file:")),
  });
})().catch((error) => report({error: String(error)}));
</script>"""


def test_the_site_works_from_disk(site: Path, served: Served, chromium: str, tmp_path: Path):
    (site / "disk-probe.html").write_text(DISK_PROBE.replace("__REPORT__", served.url + "report"))
    page = (site / "disk-probe.html").as_uri()
    found = _probe(chromium, tmp_path, served, page, "--allow-file-access-from-files")
    assert found["results"], "search found nothing for 'softplus' in the site opened from disk"
    assert found["remote"] == [] and found["fontsLoaded"] > 0
    for link in [*found["results"], *found["nav"]]:
        assert link.startswith(site.as_uri()), link
        target = Path(urllib.parse.unquote(urllib.parse.urlsplit(link).path))
        assert target.is_file(), f"{link} leads to no page"
