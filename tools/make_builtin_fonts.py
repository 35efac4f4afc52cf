"""The built-in families' variable fonts (pip packages) -> the static TrueType files ijprint ships in src/ijprint/font_data/.

Run after changing a font package's pinned version: `.venv/bin/python tools/make_builtin_fonts.py`.
Each weight is a plain fontTools instance of the upstream variable font, every other axis at its
default (outlines, metrics and tables as the instancer makes them; the same call a build would make
at run time). The SIL Open Font License lets anyone redistribute such a Modified Version, but not
under a Reserved Font Name: Source Sans 3 reserves 'Source', so its instances are renamed "ijprint
Sans"; the Noto fonts reserve no name and keep theirs. The licences and a log of how each file was
made are written next to them.
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

from ijprint.font_files import BUILTIN_FAMILIES, SHIPPED_FAMILIES, package_folder, shipped_folder  # noqa: E402

# family id -> the name its instances take (None: they keep the upstream name), the licence file
# they ship under, and where that licence comes from (a file of the package, or of its distribution)
FAMILIES = {
    "source-sans-3": ("ijprint Sans", "OFL.txt"),
    "noto-sans-devanagari": (None, "OFL-Noto.txt"),
    "noto-emoji": (None, "OFL-Noto.txt"),
}
# The name records that carry the font's own name (family, unique id, full name, PostScript name,
# typographic family/subfamily, variations prefix): the ones a Reserved Font Name may not appear in.
NAME_IDS = (1, 3, 4, 6, 16, 17, 21, 22, 25)
NOTO_NOTICE = (
    "Noto Sans Devanagari: Copyright 2022 The Noto Project Authors (https://github.com/notofonts/devanagari)\n"
    "Noto Emoji: Copyright 2013 Google LLC\n\n"
)


def renamed(font: TTFont, family: str, style: str, version: str) -> None:
    """Give the instance its own family name; copyright (0), trademark notice (7) and licence (13, 14) stay."""
    table = font["name"]
    table.names = [record for record in table.names if record.nameID not in NAME_IDS]
    postscript = f"{family.replace(' ', '')}-{style}"
    for name_id, text in ((1, family), (2, style), (3, f"{version};ijprint;{postscript}"), (4, f"{family} {style}"), (6, postscript)):
        table.setName(text, name_id, 3, 1, 0x409)


def instance(variable: Path, weight: int, style: str, new_family: str | None) -> bytes:
    font = TTFont(str(variable), recalcTimestamp=False)
    location = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes} | {"wght": weight}
    static = instancer.instantiateVariableFont(font, location, updateFontNames=True)
    if new_family:
        renamed(static, new_family, style, f"{static['head'].fontRevision:.3f}")
    buffer = io.BytesIO()
    static.save(buffer)
    return buffer.getvalue()


def licence_text(family: str) -> bytes:
    """The OFL text the family's package ships (the Noto one from the Devanagari package, which has it whole)."""
    if family == "source-sans-3":
        return (package_folder(family).parent / "LICENSE").read_bytes()
    text = (package_folder("noto-sans-devanagari").parent / "LICENSE").read_text(encoding="utf-8")
    return (NOTO_NOTICE + text[text.index("This Font Software is licensed"):]).encode("utf-8")


def main() -> None:
    folder = shipped_folder()
    folder.mkdir(exist_ok=True)
    log = [
        "Static instances of the built-in families' variable fonts, made by tools/make_builtin_fonts.py with",
        f"fontTools {fonttools_version} (varLib.instancer, every other axis at its default, updateFontNames). Outlines and",
        "metrics are unchanged. All are licensed under the SIL Open Font License 1.1.",
        "- ijprint Sans: Source Sans 3 (Adobe, Reserved Font Name 'Source'); its own names (name IDs 1-4, 6, 16,",
        "  17, 21, 22, 25) say 'ijprint Sans' because a Modified Version may not use the Reserved Font Name. Licence: OFL.txt.",
        "- Noto Sans Devanagari and Noto Emoji (no Reserved Font Name): names kept. Licence: OFL-Noto.txt.",
        "",
        "file  wght  made from (package version, sha256)  file sha256",
    ]
    for family, (new_family, licence) in FAMILIES.items():
        package, upright, italic, regular_weight, bold_weight = BUILTIN_FAMILIES[family]
        distribution = metadata.distribution(package.replace("_", "-")) if package != "manimgx_fonts" else metadata.distribution("manimgx-fonts")
        source = package_folder(family)
        roles = ((upright, regular_weight, "Regular"), (upright, bold_weight, "Bold"), (italic, regular_weight, "Italic"))
        made: dict[str, str] = {}
        for target, (variable, weight, style) in zip(SHIPPED_FAMILIES[family], roles):
            if target in made:
                continue  # a family without italic serves that role with its regular file
            data = instance(source / variable, weight, style, new_family)
            (folder / target).write_bytes(data)
            made[target] = variable
            source_digest = hashlib.sha256((source / variable).read_bytes()).hexdigest()
            log.append(f"{target}  {weight}  {variable} ({distribution.metadata['Name']} {distribution.version}, {source_digest})  {hashlib.sha256(data).hexdigest()}")
            print(f"wrote {folder / target} ({len(data):,} bytes)")
        (folder / licence).write_bytes(licence_text(family))
    (folder / "FONTLOG.txt").write_text("\n".join(log) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
