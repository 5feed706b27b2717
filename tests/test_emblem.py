"""The emblem from the content: named in site.yaml (`organisation.emblem`) or a unit's own
seal in unit.yaml, checked like any untrusted file (its path stays in the tree, its bytes
are the format it claims, an SVG holds only drawing), then shown in the site header on
every page and printed on the handbook's cover and the agreements.

The check tests assert the whole located transcript of `build.py check`, as
tests/test_check_rules.py does; the site is opened in Chromium at a phone's width; the
PDFs are read back with pdfimages and rendered to PNG.
"""

from __future__ import annotations

import io
import struct
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from contenttree import TODAY, ContentTree, diagnostics_of
from sitebuild import build_site, page

from builder.emblem import MAX_SVG_BYTES
from builder.options import BuildOptions
from builder.pipeline import load_and_check
from builder.queries import Queries

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">\n'
    "  <title>seal</title>\n"
    '  <defs><linearGradient id="g"><stop offset="0" stop-color="#0a0"/></linearGradient></defs>\n'
    '  <circle cx="50" cy="50" r="48" fill="#1f7a3a"/>\n'
    '  <rect x="20" y="20" width="60" height="60" fill="url(#g)" style="stroke: url(#g)"/>\n'
    '  <use href="#g"/>\n'
    "</svg>\n"
)
# every way an SVG could run something or reach outside, one per line
HOSTILE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="steal()">\n'
    "  <script>fetch('https://evil.example/')</script>\n"
    '  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>\n'
    '  <image xlink:href="https://evil.example/pixel.png" width="1" height="1"/>\n'
    '  <use href="file:///etc/passwd#x"/>\n'
    "  <style>@import url(https://evil.example/a.css);</style>\n"
    '  <rect width="5" height="5" style="fill: url(http://evil.example/p.svg#p)"/>\n'
    '  <a href="javascript:alert(1)"><circle r="3" onclick="x()"/></a>\n'
    '  <?xml-stylesheet href="https://evil.example/s.css"?>\n'
    "</svg>\n"
)
SITE_EMBLEM = "  name: {th: สำนักงานจังหวัดตัวอย่าง, en: Example Province}\n"


def jpeg(width: int = 40, height: int = 40) -> bytes:
    """A real JPEG of that size in the test emblem's green, as Pillow saves one."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (0x1F, 0x7A, 0x3A)).save(out, "JPEG", quality=95)
    return out.getvalue()


def jpeg_with_size(width: int, height: int) -> bytes:
    """A real JPEG whose frame header is rewritten to claim another size."""
    data = bytearray(jpeg())
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def png(width: int = 2, height: int = 2) -> bytes:
    """A whole PNG (signature, header, one row of data a line, end) of that size, green."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + b"\x20\xa0\x40" * width for _ in range(min(height, 64)))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


def with_emblem(tree: ContentTree, path: str, data: bytes | None = None, at: str = "emblem.svg") -> ContentTree:
    """site.yaml naming `path` as the organisation's emblem; `data` written at `at`."""
    tree.replace("site.yaml", SITE_EMBLEM, f"{SITE_EMBLEM}  emblem: {path}\n")
    tree.write()
    if data is not None:
        target = tree.root / at
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return tree


def check(tree: ContentTree) -> tuple[int, list[str]]:
    status, lines = tree.check()
    return status, diagnostics_of(lines, tree.root)


# -- check: what may be an emblem --------------------------------------------------------


def test_an_svg_a_units_png_seal_and_a_scanned_jpeg_seal_check_clean(tree: ContentTree) -> None:
    with_emblem(tree, "emblem.svg", SVG.encode())
    tree.files["units/dist-a/unit.yaml"] += "emblem: units/dist-a/seal.png\n"
    tree.files["units/dist-b/unit.yaml"] += "emblem: units/dist-b/seal.JPEG\n"
    tree.write()
    (tree.root / "units/dist-a/seal.png").write_bytes(png())
    (tree.root / "units/dist-b/seal.JPEG").write_bytes(jpeg())
    assert check(tree) == (0, [])


@pytest.mark.parametrize("path", ["../emblem.svg", "/etc/emblem.svg", "units/../../emblem.svg"])
def test_an_emblem_path_cannot_leave_the_content_tree(tree: ContentTree, path: str) -> None:
    with_emblem(tree, path)
    assert check(tree) == (
        1,
        [
            f"site.yaml:4:11: error[emblem.outside]: emblem path '{path}' is absolute or climbs with '..'; "
            "write it from the content folder, e.g. `emblem.svg`"
        ],
    )


def test_an_emblem_that_does_not_exist(tree: ContentTree) -> None:
    with_emblem(tree, "emblems/seal.svg")
    assert check(tree) == (
        1,
        ["site.yaml:4:11: error[emblem.missing]: emblem file 'emblems/seal.svg' does not exist in the content folder"],
    )


def test_an_emblem_through_a_symbolic_link_is_refused(tree: ContentTree, tmp_path: Path) -> None:
    outside = tmp_path / "outside.svg"
    outside.write_text(SVG)
    with_emblem(tree, "emblem.svg")
    (tree.root / "emblem.svg").symlink_to(outside)
    assert check(tree) == (
        1,
        [
            "site.yaml:4:11: error[emblem.symlink]: emblem 'emblem.svg' goes through a symbolic link; "
            "an emblem must be a real file in the content folder"
        ],
    )


def test_an_emblem_in_an_evidence_folder_is_refused(tree: ContentTree) -> None:
    with_emblem(tree, "units/prov/evidence/logo.svg", SVG.encode(), at="units/prov/evidence/logo.svg")
    assert check(tree) == (
        1,
        [
            "site.yaml:4:11: error[emblem.in-evidence-folder]: emblem 'units/prov/evidence/logo.svg' is in an "
            "evidence folder, which may be withheld; keep emblems outside evidence folders"
        ],
    )


def test_an_emblem_must_be_svg_png_or_jpeg(tree: ContentTree) -> None:
    with_emblem(tree, "emblem.gif", b"GIF89a", at="emblem.gif")
    assert check(tree) == (
        1,
        ["site.yaml:4:11: error[emblem.format]: emblem 'emblem.gif' must be an .svg, .png or .jpg file"],
    )


def test_an_emblem_too_large_is_refused_at_the_file(tree: ContentTree) -> None:
    big = SVG.replace("<title>seal</title>", "<desc>" + "x" * MAX_SVG_BYTES + "</desc>")
    with_emblem(tree, "emblem.svg", big.encode())
    assert check(tree) == (
        1,
        [
            f"emblem.svg:1:1: error[emblem.too-large]: the emblem file is {len(big)} bytes, over the limit of "
            f"{MAX_SVG_BYTES} bytes",
            "site.yaml:4:11: note[emblem.too-large]: the emblem is named here",
        ],
    )


@pytest.mark.parametrize(
    "data",
    [SVG.encode(), b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", png()[:40], png().replace(b"IDAT", b"IDAx")],
    ids=["svg-named-png", "jpeg-named-png", "cut-short", "damaged-chunk"],
)
def test_a_png_must_really_be_a_whole_png(tree: ContentTree, data: bytes) -> None:
    with_emblem(tree, "seal.png", data, at="seal.png")
    assert check(tree) == (
        1,
        [
            "seal.png:1:1: error[emblem.not-png]: 'seal.png' is not a whole PNG image "
            "(its signature, header or chunk checksums are wrong)",
            "site.yaml:4:11: note[emblem.not-png]: the emblem is named here",
        ],
    )


def test_a_png_of_absurd_size_is_refused(tree: ContentTree) -> None:
    with_emblem(tree, "seal.png", png(100_000, 2), at="seal.png")
    assert check(tree)[1][0] == (
        "seal.png:1:1: error[emblem.image-size]: the emblem image is 100000×2 pixels; "
        "each side must be between 1 and 4096 pixels"
    )


@pytest.mark.parametrize(
    "data",
    [
        png(),
        b"\xff\xd8\xff\xd9",
        jpeg()[:-200],
        jpeg()[:30],
        jpeg().replace(b"\xff\xc0", b"\xff\xe5", 1),
        b"\xff\xd8\xff\xe0\xff\xff" + jpeg()[2:],
    ],
    ids=["png-named-jpg", "no-image", "cut-short", "cut-in-a-header", "no-frame-header", "segment-past-the-end"],
)
def test_a_jpeg_must_really_be_a_whole_jpeg(tree: ContentTree, data: bytes) -> None:
    with_emblem(tree, "seal.jpg", data, at="seal.jpg")
    assert check(tree) == (
        1,
        [
            "seal.jpg:1:1: error[emblem.not-jpeg]: 'seal.jpg' is not a whole JPEG image "
            "(its start marker, frame header or end marker is wrong, or the file is cut short)",
            "site.yaml:4:11: note[emblem.not-jpeg]: the emblem is named here",
        ],
    )


def test_a_jpeg_of_absurd_size_is_refused(tree: ContentTree) -> None:
    with_emblem(tree, "seal.jpg", jpeg_with_size(60_000, 3), at="seal.jpg")
    assert check(tree)[1][0] == (
        "seal.jpg:1:1: error[emblem.image-size]: the emblem image is 60000×3 pixels; "
        "each side must be between 1 and 4096 pixels"
    )


def test_every_way_an_svg_could_run_or_fetch_something_is_reported_where_it_is(tree: ContentTree) -> None:
    with_emblem(tree, "emblem.svg", HOSTILE_SVG.encode())
    outside = (
        "the SVG emblem refers to something outside the file ('{}'); the site and the PDFs make no outside request"
    )
    not_drawing = "the SVG emblem holds <{}>, which is not one of the drawing elements allowed"
    assert check(tree) == (
        1,
        [
            "emblem.svg:1:1: error[emblem.svg-event-handler]: the SVG emblem has an event handler 'onload', which is not allowed",
            "site.yaml:4:11: note[emblem.svg-event-handler]: the emblem is named here",
            "emblem.svg:2:3: error[emblem.svg-script]: the SVG emblem holds a script (<script>), which is not allowed",
            "emblem.svg:3:3: error[emblem.svg-foreign-object]: the SVG emblem holds <foreignObject> (HTML inside the drawing), which is not allowed",
            "emblem.svg:3:41: error[emblem.svg-element]: " + not_drawing.format("div"),
            "emblem.svg:4:3: error[emblem.svg-element]: " + not_drawing.format("image"),
            "emblem.svg:4:3: error[emblem.svg-external]: " + outside.format("https://evil.example/pixel.png"),
            "emblem.svg:5:3: error[emblem.svg-external]: " + outside.format("file:///etc/passwd#x"),
            "emblem.svg:6:10: error[emblem.svg-external]: "
            + outside.format("@import url(https://evil.example/a.css);"),
            "emblem.svg:7:3: error[emblem.svg-external]: " + outside.format("fill: url(http://evil.example/p.svg#p)"),
            "emblem.svg:8:3: error[emblem.svg-element]: " + not_drawing.format("a"),
            "emblem.svg:8:3: error[emblem.svg-external]: " + outside.format("javascript:alert(1)"),
            "emblem.svg:8:33: error[emblem.svg-event-handler]: the SVG emblem has an event handler 'onclick', which is not allowed",
            "emblem.svg:9:3: error[emblem.svg-external]: "
            + outside.format('<?xml-stylesheet href="https://evil.example/s.css"?>'),
        ],
    )


@pytest.mark.parametrize(
    ("svg", "expected"),
    [
        (
            '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
            "emblem.svg:1:15: error[emblem.svg-doctype]: the SVG emblem declares a DOCTYPE or entities, which are not allowed; remove them",
        ),
        (
            "<html><body>not a drawing</body></html>",
            "emblem.svg:1:1: error[emblem.not-svg]: 'emblem.svg' is not an SVG image (<html>)",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><circle r="1">',
            "emblem.svg:1:55: error[emblem.not-svg]: 'emblem.svg' is not an SVG image (no element found)",
        ),
        (
            "\x89PNG not an svg",
            "emblem.svg:1:1: error[emblem.not-svg]: 'emblem.svg' is not an SVG image (not well-formed (invalid token))",
        ),
    ],
    ids=["entities", "html", "unclosed", "binary"],
)
def test_an_svg_must_be_a_plain_svg_document(tree: ContentTree, svg: str, expected: str) -> None:
    with_emblem(tree, "emblem.svg", svg.encode("latin-1") if svg.startswith("\x89") else svg.encode())
    assert check(tree) == (
        1,
        [expected, "site.yaml:4:11: note[" + expected.split("[")[1].split("]")[0] + "]: the emblem is named here"],
    )


def test_a_file_named_by_two_units_is_reported_once(tree: ContentTree) -> None:
    tree.files["units/dist-a/unit.yaml"] += "emblem: seal.svg\n"
    tree.files["units/dist-b/unit.yaml"] += "emblem: seal.svg\n"
    tree.write()
    (tree.root / "seal.svg").write_text(SVG.replace("<title>", '<title onmouseover="x()">'))
    assert check(tree) == (
        1,
        [
            "seal.svg:2:3: error[emblem.svg-event-handler]: the SVG emblem has an event handler 'onmouseover', which is not allowed",
            "units/dist-a/unit.yaml:5:9: note[emblem.svg-event-handler]: the emblem is named here",
        ],
    )


# -- which emblem a document carries -------------------------------------------------------


def test_a_units_documents_carry_its_own_seal_else_the_nearest_superiors_else_the_organisations(
    tree: ContentTree,
) -> None:
    with_emblem(tree, "emblem.svg", SVG.encode())
    tree.files["units/dist-a/unit.yaml"] += "emblem: seal.png\n"
    tree.write()
    (tree.root / "seal.png").write_bytes(png())
    checked = load_and_check(BuildOptions(content=tree.root))
    assert checked.content is not None and not checked.diagnostics.has_errors()
    queries = Queries(checked.content)
    own = {unit: getattr(queries.emblem_of(unit), "path", None) for unit in ("prov", "dist-a", "dist-b", "officer-c")}
    assert own == {"prov": "emblem.svg", "dist-a": "seal.png", "dist-b": "emblem.svg", "officer-c": "seal.png"}
    assert queries.emblem_of("dist-a").data == png()  # type: ignore[union-attr]  # the bytes checked


# -- the site ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def emblem_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("emblem-site")
    tree = with_emblem(ContentTree(tmp / "content"), "art/emblem.svg", SVG.encode(), at="art/emblem.svg")
    tree.files["units/dist-b/unit.yaml"] += "emblem: units/dist-b/seal.jpg\n"
    tree.write()
    (tree.root / "units/dist-b/seal.jpg").write_bytes(jpeg())
    return build_site(tree, tmp / "out")


def test_every_page_shows_the_organisations_emblem_in_its_header(emblem_site: Path) -> None:
    [served] = list((emblem_site / "emblems").glob("*.svg"))
    assert served.suffix == ".svg" and served.read_bytes() == SVG.encode()  # the bytes checked, as they are
    pages = sorted(emblem_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        img = page(emblem_site, str(path.relative_to(emblem_site))).select_one(
            ".site-header .site-name img.site-emblem"
        )
        assert img is not None, path
        assert (path.parent / img["src"]).resolve() == served.resolve(), path
    home = page(emblem_site, "en/index.html").select_one("img.site-emblem")
    assert home is not None and home["alt"] == "Emblem of Example Province"


def test_a_unit_page_shows_the_units_own_seal_beside_its_name(emblem_site: Path) -> None:
    [served] = list((emblem_site / "emblems").glob("*.jpg"))
    assert served.read_bytes() == jpeg()  # the scanned seal's bytes, as checked
    for path, alt in (("units/dist-b/index.html", "ตราของอำเภอ ข"), ("en/units/dist-b/index.html", "Seal of ")):
        seal = page(emblem_site, path).select_one(".page-head h1 img.unit-seal")
        assert seal is not None and seal["alt"].startswith(alt), path
        assert (emblem_site / path).parent.joinpath(seal["src"]).resolve() == served.resolve()
    for other in ("units/dist-a/index.html", "units/prov/index.html", "units/dist-b/kpis/rice-yield.html"):
        assert page(emblem_site, other).select("img.unit-seal") == [], "a seal of its own only, on the unit page"


def test_serve_after_a_seal_is_replaced_writes_what_a_clean_build_writes(tmp_path: Path) -> None:
    """Only the image changes (same path in unit.yaml): the seal served under the new
    bytes' digest, the old file gone, every page pointing at the new one."""
    from builder.pipeline import build_all, rebuild
    from builder.reader import ParseCache

    tree = with_emblem(ContentTree(tmp_path / "content"), "emblem.svg", SVG.encode())
    tree.files["units/dist-b/unit.yaml"] += "emblem: units/dist-b/seal.jpg\n"
    tree.write()
    seal = tree.root / "units/dist-b/seal.jpg"
    seal.write_bytes(jpeg())
    live = BuildOptions(content=tree.root, out=tmp_path / "live", pdf=False, today=TODAY)
    state = build_all(live, parsed=ParseCache())[0]

    seal.write_bytes(jpeg(60, 30))
    rebuild(live, state)

    clean = BuildOptions(content=tree.root, out=tmp_path / "clean", pdf=False, today=TODAY)
    build_all(clean)
    assert files(tmp_path / "live") == files(tmp_path / "clean")
    assert [p.read_bytes() for p in (tmp_path / "live" / "emblems").glob("*.jpg")] == [jpeg(60, 30)]


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_without_an_emblem_the_header_has_none(tmp_path: Path) -> None:
    out = build_site(ContentTree(tmp_path / "content"), tmp_path / "out")
    assert not (out / "emblems").exists()
    assert page(out, "index.html").select("img.site-emblem") == []


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    from browser import launch

    with sync_api.sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 390])
def test_the_emblem_loads_from_the_site_and_fits_the_header(browser: Any, emblem_site: Path, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    root = emblem_site.resolve().as_uri()
    tab.goto(f"{root}/units/officer-c/index.html")
    tab.wait_for_load_state("load")
    box = tab.evaluate(
        """() => { const img = document.querySelector('.site-header img.site-emblem');
                  const r = img.getBoundingClientRect();
                  return {natural: img.naturalWidth, complete: img.complete, w: r.width, h: r.height, top: r.top,
                          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth}; }"""
    )
    context.close()
    assert box["complete"] and box["natural"] > 0, "the emblem did not load"
    assert (32 if width == 390 else 40) - 1 <= box["h"] <= (32 if width == 390 else 40) + 1
    assert box["w"] <= box["h"] * 1.6 and box["top"] >= 0
    assert box["overflow"] <= 0
    assert [u for u in requests if not u.startswith(root + "/")] == []
    assert any(u.endswith(".svg") and "/emblems/" in u for u in requests)


# -- the PDFs ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def emblem_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from pdfbuild import render_pdfs_of

    tmp = tmp_path_factory.mktemp("emblem-pdfs")
    tree = with_emblem(ContentTree(tmp / "content"), "emblem.svg", SVG.encode())
    tree.files["units/dist-a/unit.yaml"] += "emblem: units/dist-a/seal.png\n"
    tree.files["units/dist-b/unit.yaml"] += "emblem: units/dist-b/seal.jpg\n"
    tree.write()
    (tree.root / "units/dist-a/seal.png").write_bytes(png(40, 40))
    (tree.root / "units/dist-b/seal.jpg").write_bytes(jpeg())
    rendered = render_pdfs_of(tree, tmp)
    assert not rendered.diagnostics.has_errors()
    return rendered


def image_pages(pdf: Path) -> list[int]:
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    return sorted({int(line.split()[0]) for line in listing.splitlines()[2:] if line.strip()})


def green_pixels_at_the_top(pdf: Path, tmp: Path) -> int:
    """Pixels of the test emblem's green (#1f7a3a) in the top third of page 1, at 40 dpi."""
    from PIL import Image

    target = tmp / pdf.stem
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-singlefile", "-f", "1", "-l", "1", str(pdf), str(target)], check=True
    )
    with Image.open(target.with_suffix(".png")) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        return sum(
            1
            for y in range(height // 3)
            for x in range(width)
            if all(abs(a - b) < 24 for a, b in zip(rgb.getpixel((x, y)), (0x1F, 0x7A, 0x3A), strict=True))  # type: ignore[arg-type]
        )


@pytest.mark.pdf
def test_the_organisations_svg_emblem_is_drawn_on_the_cover_and_agreements(emblem_pdfs: Any, tmp_path: Path) -> None:
    assert green_pixels_at_the_top(emblem_pdfs.handbook, tmp_path) > 50  # the disc, drawn as vectors
    assert green_pixels_at_the_top(emblem_pdfs.agreement("prov"), tmp_path) > 30


@pytest.mark.pdf
def test_a_units_png_seal_is_on_its_agreement_and_on_those_below_it(emblem_pdfs: Any) -> None:
    assert image_pages(emblem_pdfs.agreement("dist-a")) == [1]
    assert image_pages(emblem_pdfs.agreement("officer-c")) == [1]  # the person's district's seal
    assert image_pages(emblem_pdfs.agreement("prov")) == []  # the organisation's SVG: no raster image
    assert image_pages(emblem_pdfs.handbook) == []


@pytest.mark.pdf
def test_a_scanned_jpeg_seal_is_printed_as_a_jpeg(emblem_pdfs: Any, tmp_path: Path) -> None:
    pdf = emblem_pdfs.agreement("dist-b")
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    [row] = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert (row[0], row[3], row[4], row[8]) == ("1", "40", "40", "jpeg")  # page, width, height, encoding
    assert green_pixels_at_the_top(pdf, tmp_path) > 30
