"""Draw the site's link-preview image, docs/assets/og.png, from this file alone.

    python -m tools.og_image            # rewrite docs/assets/og.png
    python -m tools.og_image --check    # exit 1 if docs/assets/og.png is not what this draws

Chat apps (Slack, Teams, Discord, KakaoTalk) show the image named by each page's `og:image`. It is
drawn here with a built-in pixel font and written as a PNG with zlib: no font file, no image
library, no network, and the same bytes on every machine. The image is committed; the tests run
`--check`, so a change here that is not re-drawn fails.
"""

from __future__ import annotations

import argparse
import struct
import sys
import zlib
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "assets" / "og.png"
WIDTH, HEIGHT = 1200, 630
INDIGO, WHITE = (48, 63, 159), (255, 255, 255)
# The class colours of the site's badges, one per class of status codes.
CLASSES = [
    ("1XX", (77, 77, 77)),
    ("2XX", (46, 95, 43)),
    ("3XX", (122, 74, 0)),
    ("4XX", (138, 28, 28)),
    ("5XX", (91, 42, 134)),
]

# 5x7 pixel glyphs, one string of five characters per row.
GLYPHS = {
    "H": ["#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
    "T": ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
    "P": ["####.", "#...#", "#...#", "####.", "#....", "#....", "#...."],
    "S": [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
    "A": [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
    "U": ["#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
    "C": [".####", "#....", "#....", "#....", "#....", "#....", ".####"],
    "O": [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
    "D": ["####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."],
    "E": ["#####", "#....", "#....", "####.", "#....", "#....", "#####"],
    "X": ["#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"],
    "1": ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."],
    "2": [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
    "3": ["####.", "....#", "....#", ".###.", "....#", "....#", "####."],
    "4": ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
    "5": ["#####", "#....", "####.", "....#", "....#", "#...#", ".###."],
    " ": [".....", ".....", ".....", ".....", ".....", ".....", "....."],
}


def draw() -> bytes:
    pixels = [[INDIGO] * WIDTH for _ in range(HEIGHT)]

    def box(x: int, y: int, w: int, h: int, colour) -> None:
        for row in range(max(0, y), min(HEIGHT, y + h)):
            pixels[row][max(0, x) : min(WIDTH, x + w)] = [colour] * (min(WIDTH, x + w) - max(0, x))

    def text(x: int, y: int, words: str, scale: int, colour=WHITE) -> None:
        for i, char in enumerate(words):
            for r, row in enumerate(GLYPHS[char]):
                for c, cell in enumerate(row):
                    if cell == "#":
                        box(x + (i * 6 + c) * scale, y + r * scale, scale, scale, colour)

    text(80, 90, "HTTP", 30)
    text(80, 330, "STATUS CODES", 10)
    for i, (label, colour) in enumerate(CLASSES):
        box(80 + i * 212, 450, 196, 110, colour)
        text(80 + i * 212 + 22, 473, label, 9)
    rows = b"".join(b"\x00" + bytes(channel for pixel in row for channel in pixel) for row in pixels)
    return png(rows)


def png(rows: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.og_image", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that the committed image is current")
    args = parser.parse_args(argv)
    image = draw()
    if args.check:
        current = OUTPUT.exists() and OUTPUT.read_bytes() == image
        print(f"{OUTPUT.name}: {'current' if current else 'stale: run python -m tools.og_image'}")
        return 0 if current else 1
    OUTPUT.write_bytes(image)
    print(f"{OUTPUT} written ({len(image)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
