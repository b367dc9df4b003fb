"""Render the interactive graph in headless Chromium and save a PNG (docs/plan.png).

    python scripts/screenshot.py                      # the whole plan -> docs/plan.png
    python scripts/screenshot.py -o out.png --lang zh-Hans --size 1920x1080

Uses Debian's ``chromium`` and ``chromium-driver`` (``bash scripts/ensure-chromium``)
through selenium, with the network cut: the page must draw from the file alone.
Chinese labels need a CJK font on the machine (Debian: ``fonts-noto-cjk``).
The browser test imports :func:`make_driver` and :func:`open_page` from here, so the
README picture and the test see the page the same way.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    # no network: every host is unresolvable and any request goes to a closed local port
    "--proxy-server=127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--force-device-scale-factor=1",
)


def find_browser() -> tuple[str, str] | None:
    """(chromium, chromedriver) paths, or None when either is missing."""
    for browser in ("/usr/bin/chromium", shutil.which("chromium"),
                    shutil.which("chromium-browser")):
        if browser and Path(browser).exists():
            break
    else:
        return None
    driver = next((d for d in ("/usr/bin/chromedriver", shutil.which("chromedriver"))
                   if d and Path(d).exists()), None)
    return (browser, driver) if driver else None


def make_driver(profile_dir: str | Path, size: tuple[int, int] = (1600, 1000)):
    """A headless Chromium (selenium) with the network cut and console logging on."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    found = find_browser()
    if found is None:
        raise RuntimeError("chromium and chromedriver not found: run `bash scripts/ensure-chromium`")
    browser, driver = found
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.add_argument(f"--window-size={size[0]},{size[1]}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    drv.set_window_size(*size)
    # belt and braces: the DevTools network emulation says "offline" as well
    drv.execute_cdp_cmd("Network.enable", {})
    drv.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    return drv


def open_page(drv, path: Path, timeout: float = 30.0) -> float:
    """Load ``path`` and wait until the graph has settled; return the seconds it took."""
    start = time.monotonic()
    drv.get(Path(path).resolve().as_uri())
    while time.monotonic() - start < timeout:
        if drv.execute_script("return !!(window.sgGraph && window.sgGraph.stabilized)"):
            return time.monotonic() - start
        time.sleep(0.05)
    raise TimeoutError(f"the graph did not settle within {timeout:.0f} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", default=str(ROOT / "docs" / "plan.png"))
    parser.add_argument("--lang", default="en", choices=("en", "zh-Hans", "zh-Hant"))
    parser.add_argument("--size", default="1600x1000", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--data", help="graph file (default: the shipped plan)")
    parser.add_argument("--physics", action="store_true",
                        help="run the force layout (default: the computed layout)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from suchenggraph.graphio import load_graph, write_atomic
    from suchenggraph.resources import default_plan
    from suchenggraph.viz import render_html

    width, height = (int(x) for x in args.size.lower().split("x"))
    html = render_html(load_graph(args.data or default_plan()), lang=args.lang,
                       physics=args.physics)
    with tempfile.TemporaryDirectory(prefix="sg-shot-") as tmp:
        page = write_atomic(Path(tmp) / "plan.html", html)
        drv = make_driver(Path(tmp) / "profile", (width, height))
        try:
            seconds = open_page(drv, page)
            time.sleep(0.3)  # let the last frame paint
            png = drv.get_screenshot_as_png()
        finally:
            drv.quit()
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = out.with_name(f".{out.name}.tmp")
    tmp_out.write_bytes(png)
    tmp_out.replace(out)
    print(f"Wrote {out} ({width}x{height}, settled in {seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
