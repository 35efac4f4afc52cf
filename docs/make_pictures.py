"""`make pictures`: builds the seed's map and handout and writes a PNG of each page into docs/pictures/.

The README and docs show these pictures; they are made from the real outputs, never by hand. Needs
pdftoppm (poppler-utils). Small on purpose (50 dpi): they show what a page looks like, not its text.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "content" / "india-japan.yaml"
PICTURES = ROOT / "docs" / "pictures"
HEADER = "Springfield High · Class 10B · Mr Rao"
PDFS = ("mindmap.pdf", "handout.pdf")
DPI = "50"


def main() -> None:
    if shutil.which("pdftoppm") is None:
        sys.exit("make pictures needs pdftoppm: apt-get install poppler-utils")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        build = [sys.executable, "-m", "ijprint", "build", str(SEED), "--format", "mindmap,handout", "--header", HEADER, "--out", str(out), "--jobs", "1"]
        subprocess.run(build, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        PICTURES.mkdir(parents=True, exist_ok=True)
        for old in PICTURES.glob("*.png"):
            old.unlink()
        for name in PDFS:
            stem = Path(name).stem
            subprocess.run(["pdftoppm", "-r", DPI, "-png", str(out / SEED.stem / name), str(out / stem)], check=True)
            # pdftoppm numbers pages with as many digits as the last page needs; the pictures are named stem-N.png.
            for page in sorted(out.glob(f"{stem}-*.png")):
                number = int(page.stem.rsplit("-", 1)[1])
                shutil.copyfile(page, PICTURES / f"{stem}-{number}.png")
    for picture in sorted(PICTURES.glob("*.png")):
        print(f"wrote {picture.relative_to(ROOT)} ({picture.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
