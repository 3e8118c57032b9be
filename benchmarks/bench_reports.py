"""Benchmark: the full Norrbotten follow-up report (target: the PDF in at most 10 s).

Run:  python benchmarks/bench_reports.py [--repeats 5]

Builds a benchmark store in which every indicator of both strategies has 30 years for all 312
regions (the dashboard benchmark's store: synthetic values, never shown anywhere), so the
Norrbotten report has a chart for each of its indicators, and measures in the same run
(medians over --repeats):

- the report's content from the store (queries, sentences, figures);
- drawing every chart in our Chromium page, PNG and SVG, against kaleido (plotly's own static
  export, the baseline, when installed: pip install -e '.[bench]');
- the whole PDF in process (content, charts, the layout print for the contents' page numbers and
  the final print), against
  the floor: starting Chromium and printing a one-line page;
- the Word report in process;
- the command `python -m dashboard report --format pdf` end to end, interpreter start included.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_dashboard import build_store  # noqa: E402
from dashboard.report.browser import run  # noqa: E402
from dashboard.report.content import build  # noqa: E402
from dashboard.report.images import HEIGHT, WIDTH, print_figure, render_charts  # noqa: E402
from dashboard.report.pdf import pdf_bytes  # noqa: E402
from dashboard.report.word import write_docx  # noqa: E402
from ingest.config import load_config  # noqa: E402


def timed(function, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def kaleido_per_chart(figs: list[dict]) -> float | None:
    try:
        import kaleido
    except ImportError:
        return None

    async def draw() -> float:
        async with kaleido.Kaleido(n=1) as k:
            await k.calc_fig(figs[0], opts={"format": "png", "width": WIDTH, "height": HEIGHT, "scale": 2})  # warm
            start = time.perf_counter()
            for fig in figs:
                await k.calc_fig(fig, opts={"format": "png", "width": WIDTH, "height": HEIGHT, "scale": 2})
            return (time.perf_counter() - start) / len(figs)

    return asyncio.run(draw())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    config = load_config(ROOT / "indicators.yml")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        print("building the benchmark store …", file=sys.stderr)
        build_store(db)
        content_s, report = timed(lambda: build(config, db, "norrbotten"), args.repeats)
        charts = [row for row in report.summary if row["chart"]]
        print(f"Norrbotten: {len(report.summary)} indicators, {len(charts)} charts, {len(report.values)} values")
        print(f"content from the store          {content_s * 1000:8.1f} ms")

        async def draw_charts(renderer) -> tuple[float, float]:
            await render_charts(renderer, report, "png")  # warm: plotly.js is loaded once per browser
            out = []
            for fmt in ("png", "svg"):
                times = []
                for _ in range(args.repeats):
                    start = time.perf_counter()
                    await render_charts(renderer, report, fmt)
                    times.append(time.perf_counter() - start)
                out.append(statistics.median(times))
            return out[0], out[1]

        png_s, svg_s = run(draw_charts)
        ours_png = png_s / len(charts)
        print(f"chart, ours (PNG, 2x)           {ours_png * 1000:8.1f} ms per chart")
        print(f"chart, ours (SVG)               {svg_s / len(charts) * 1000:8.1f} ms per chart")
        baseline = kaleido_per_chart([print_figure(row["chart"]) for row in charts])
        if baseline is None:
            print("chart, kaleido                  (not installed: pip install -e '.[bench]')")
        else:
            print(f"chart, kaleido (PNG, 2x)        {baseline * 1000:8.1f} ms per chart   ours is {baseline / ours_png:.1f}x faster")

        def floor() -> bytes:
            return run(lambda renderer: renderer.pdf("<!doctype html><html lang=sv><p>S3</p></html>", footer="<span></span>"))

        floor_s, _ = timed(floor, args.repeats)
        pdf_s, pdf = timed(lambda: pdf_bytes(build(config, db, "norrbotten")), args.repeats)
        print(f"PDF floor (start Chromium, print one line) {floor_s:6.2f} s")
        print(f"PDF, in process (content + charts + 2 prints) {pdf_s:6.2f} s   {pdf_s / floor_s:.1f}x the floor; "
              f"{len(pdf) / 1024:.0f} KiB")
        docx_s, _ = timed(lambda: write_docx(build(config, db, "norrbotten"), Path(tmp) / "r.docx"), args.repeats)
        print(f"Word, in process                {docx_s:8.2f} s")

        def command() -> None:
            subprocess.run([sys.executable, "-m", "dashboard", "report", "--db", str(db), "--strategy", "norrbotten",
                            "--format", "pdf", "--out", str(Path(tmp) / "r.pdf")], cwd=ROOT, check=True,
                           capture_output=True)

        cli_s, _ = timed(command, args.repeats)
        verdict = "meets" if cli_s <= 10 else "MISSES"
        print(f"python -m dashboard report --format pdf  {cli_s:6.2f} s   ({verdict} the 10 s target)")


if __name__ == "__main__":
    main()
