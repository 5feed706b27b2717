"""Pictures of every page type and every kind of PDF page, for a person to look at.

    python tools/screenshots.py [--out screenshots] [--site DIR] [--content content]
                                [--widths 1366,390] [--no-pdf] [--all-pdf-pages]

Without `--site` it first builds `--content` (the example by default) with PDFs into
`<out>/site/`. Then:

- each page type (the `page-<kind>` class of <body>: home, unit, strategy map, KPI,
  cascade explorer, scorecards, search, and any type added later), its longest page in
  each language, and a few more of the example (a person's unit page, a milestone and a
  lower-is-better KPI, a past year's home page) are opened in headless Chromium
  (Debian's `chromium`, as in the browser tests) at every width and saved whole as
  `<out>/site/<width>/<page>.png`, with a line saying whether the page scrolls sideways;
- each kind of PDF page (handbook cover, contents, a unit's first page, strategy map,
  agreement table, cascade, KPI templates, scorecard; an agreement's first page, its
  continued table and its signatures) is rendered by `pdftoppm` into `<out>/pdf/`.
  `--all-pdf-pages` renders every page of the handbook and of every agreement.

Nothing it writes is committed (`screenshots/` is git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

from builder.options import BuildOptions  # noqa: E402
from builder.pipeline import build  # noqa: E402

BODY_KIND = re.compile(r'<body class="page-([\w-]+)')
# pages worth a picture beside the longest page of each type, when the site has them
EXTRA_PAGES = {
    "unit-person": "units/dist-a-tambon-c/index.html",
    "unit-division": "units/doae-plan/index.html",
    "kpi-milestone": "units/doae/kpis/km-success.html",
    "kpi-lower-better": "units/doae-ict/kpis/network-down-48h.html",
    "home-year": "years/2567.html",
    "search-phrase": "search.html?q=ความสำเร็จ",
}


def representative_pages(site: Path) -> dict[str, str]:
    """Page type and language -> the longest page of that type (`page-<kind>` on <body>),
    as a path from the site root; search pages with a query."""
    chosen: dict[str, tuple[int, str]] = {}
    for path in site.rglob("*.html"):
        text = path.read_text("utf-8")
        match = BODY_KIND.search(text)
        if not match:
            continue
        relative = path.relative_to(site).as_posix()
        key = f"{'en-' if relative.startswith('en/') else ''}{match.group(1)}"
        if key not in chosen or len(text) > chosen[key][0]:
            chosen[key] = (len(text), relative)
    pages = {key: path for key, (_, path) in sorted(chosen.items())}
    for key in [k for k in pages if k.endswith("search")]:
        pages[key] += "?q=" + ("ข้าว" if key == "search" else "rice")
    return pages


def build_example(content: Path, out: Path) -> Path:
    build(BuildOptions(content=content, out=out, pdf=True, today=dt.date.today()))
    return out


def page_paths(site: Path) -> dict[str, str]:
    pages = representative_pages(site)
    pages.update({name: path for name, path in EXTRA_PAGES.items() if (site / path.split("?")[0]).exists()})
    return pages


def shoot_site(site: Path, out: Path, widths: list[int]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for width in widths:
            folder = out / "site" / str(width)
            folder.mkdir(parents=True, exist_ok=True)
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            for name, path in page_paths(site).items():
                page.goto(f"{site.resolve().as_uri()}/{path}")
                page.wait_for_load_state("load")
                page.evaluate("document.fonts.ready")
                if "search" in name:
                    page.wait_for_timeout(300)
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
                fits = f"scrolls sideways by {overflow} px" if overflow > 0 else "fits"
                print(f"  {width:>5} px  {name:<18} {path:<48} {fits}")
            context.close()
        browser.close()


def pdf_page_kinds(pdf: Path) -> dict[str, int]:
    """The first page of each kind in a PDF, found by its text (pdftotext, page by page)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    kinds: dict[str, int] = {"first": 1}
    markers = {
        "contents": r"สารบัญ|Contents",
        "strategy-map": r"แผนที่ยุทธศาสตร์|Strategy map",
        "agreement-table": r"น้ำหนัก|Weight",
        "cascade": r"การถ่ายทอด|Cascade",
        "kpi-template": r"รายละเอียดตัวชี้วัด|KPI template",
        "scorecard": r"คะแนนถ่วงน้ำหนัก|Weighted",
        "signatures": r"\(ลงชื่อ\)|\(Signed\)",
    }
    for number, page in enumerate(pages[1:], start=2):
        if re.search(markers["contents"], page):  # the contents name every KPI template: no other kind
            kinds.setdefault("contents", number)
            continue
        for kind, marker in markers.items():
            if kind not in kinds and re.search(marker, page):
                kinds[kind] = number
    kinds["last"] = len([p for p in pages if p.strip()])
    return kinds


def render_pdf_pages(pdf: Path, folder: Path, stem: str, pages: dict[str, int] | None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if pages is None:
        subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(folder / stem)], check=True)
        return
    for kind, number in sorted(pages.items(), key=lambda kv: kv[1]):
        target = folder / f"{stem}-{number:03d}-{kind}"
        pages_arg = ["-f", str(number), "-l", str(number)]
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", *pages_arg, str(pdf), str(target)], check=True)
        print(f"  {stem}: page {number} ({kind})")


def shoot_pdfs(site: Path, out: Path, every_page: bool) -> None:
    handbook = site / "handbook.pdf"
    if handbook.exists():
        render_pdf_pages(handbook, out / "pdf", "handbook", None if every_page else pdf_page_kinds(handbook))
    agreements = sorted((site / "agreements").glob("*.pdf"))
    if every_page:
        for pdf in agreements:
            render_pdf_pages(pdf, out / "pdf" / "agreements", pdf.stem, None)
    elif agreements:
        longest = max(agreements, key=lambda p: len(pdf_page_kinds(p)))
        render_pdf_pages(longest, out / "pdf", f"agreement-{longest.stem}", pdf_page_kinds(longest))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--site", type=Path, help="an already built output folder (default: build the content)")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--widths", default="1366,390")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--all-pdf-pages", action="store_true")
    args = parser.parse_args(argv)
    site = args.site or build_example(args.content, args.out / "build")
    print(f"site: {site}")
    shoot_site(site, args.out, [int(w) for w in args.widths.split(",")])
    if not args.no_pdf:
        shoot_pdfs(site, args.out, args.all_pdf_pages)
    print(f"pictures in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
