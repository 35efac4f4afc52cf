"""The built-in family's variable fonts (pip package) -> the static TrueType files ijprint ships in src/ijprint/font_data/.

Run after changing the font package's pinned version: `.venv/bin/python tools/make_builtin_fonts.py`.
Each weight is a plain fontTools instance of the upstream variable font (outlines, metrics and
tables as the instancer makes them), renamed: the SIL Open Font License lets anyone redistribute
such a Modified Version, but not under the Reserved Font Name ('Source'), so the shipped family is
called "ijprint Sans". The licence and a log of how each file was made are written next to them.
"""

from __future__ import annotations

import hashlib
import io
import sys
from importlib import metadata
from pathlib import Path

from fontTools import version as fonttools_version
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ijprint.font_files import BUILTIN_FAMILIES, SHIPPED_FAMILIES, shipped_folder  # noqa: E402

FAMILY = "source-sans-3"
NEW_FAMILY = "ijprint Sans"
# The name records that carry the font's own name (family, unique id, full name, PostScript name,
# typographic family/subfamily, variations prefix): the ones the Reserved Font Name may not appear in.
NAME_IDS = (1, 3, 4, 6, 16, 17, 21, 22, 25)


def renamed(font: TTFont, style: str, version: str) -> None:
    """Give the instance its own family name; copyright (0), trademark notice (7) and licence (13, 14) stay."""
    table = font["name"]
    table.names = [record for record in table.names if record.nameID not in NAME_IDS]
    postscript = f"{NEW_FAMILY.replace(' ', '')}-{style}"
    for name_id, text in ((1, NEW_FAMILY), (2, style), (3, f"{version};ijprint;{postscript}"), (4, f"{NEW_FAMILY} {style}"), (6, postscript)):
        table.setName(text, name_id, 3, 1, 0x409)


def instance(variable: Path, weight: int, style: str) -> bytes:
    font = TTFont(str(variable), recalcTimestamp=False)
    static = instancer.instantiateVariableFont(font, {"wght": weight}, updateFontNames=True)
    renamed(static, style, f"{static['head'].fontRevision:.3f}")
    buffer = io.BytesIO()
    static.save(buffer)
    return buffer.getvalue()


def main() -> None:
    package, upright, italic, regular_weight, bold_weight = BUILTIN_FAMILIES[FAMILY]
    module = __import__(package)
    distribution = package.replace("_", "-")
    source = Path(module.__file__).parent
    folder = shipped_folder()
    folder.mkdir(exist_ok=True)
    made = zip(SHIPPED_FAMILIES[FAMILY], ((upright, regular_weight, "Regular"), (upright, bold_weight, "Bold"), (italic, regular_weight, "Italic")))
    log = [
        f"{NEW_FAMILY}: static instances of Source Sans 3 (Adobe, SIL Open Font License 1.1, Reserved Font Name 'Source'),",
        f"made by tools/make_builtin_fonts.py with fontTools {fonttools_version} (varLib.instancer, updateFontNames) from the",
        f"variable fonts of the Python package {distribution} {metadata.version(distribution)}.",
        "Outlines and metrics are unchanged; the font's own names (name IDs 1-4, 6, 16, 17, 21, 22, 25) say",
        f"'{NEW_FAMILY}' because a Modified Version may not use the Reserved Font Name. Licence: OFL.txt.",
        "",
        "file  wght  made from (sha256)  file sha256",
    ]
    for target, (variable, weight, style) in made:
        data = instance(source / "files" / variable, weight, style)
        (folder / target).write_bytes(data)
        source_digest = hashlib.sha256((source / "files" / variable).read_bytes()).hexdigest()
        log.append(f"{target}  {weight}  {variable} ({source_digest})  {hashlib.sha256(data).hexdigest()}")
        print(f"wrote {folder / target} ({len(data):,} bytes)")
    (folder / "OFL.txt").write_bytes((source / "LICENSE").read_bytes())
    (folder / "FONTLOG.txt").write_text("\n".join(log) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
