#!/usr/bin/env python3
"""check_png.py OUT.png WIDTH HEIGHT: fail unless OUT.png is a WIDTHxHEIGHT PNG that is not blank.

Standard library only (zlib): decodes the PNG, undoes the scanline filters, and checks that the
top of the page (where the report's summary is) has enough pixels that differ from the background
and enough distinct colours, so a white, black or error page fails.
"""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"FAILED: {path}: not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    channels = {2: 3, 6: 4, 0: 1, 4: 2}.get(colour)
    if depth != 8 or channels is None or interlace:
        sys.exit(f"FAILED: {path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous, pos = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upleft = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - upleft
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else upleft)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def main():
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    width, height, channels, rows = decode(path)
    if (width, height) != (want_w, want_h):
        sys.exit(f"FAILED: {path}: {width}x{height}, expected {want_w}x{want_h}")
    background = rows[0][:3]
    inked, colours, sampled = 0, set(), 0
    for row in rows[:900:3]:
        for x in range(0, width * channels, channels * 3):
            pixel = row[x:x + 3]
            sampled += 1
            colours.add(pixel)
            if pixel != background:
                inked += 1
    share = inked / sampled
    if share < 0.02 or len(colours) < 16:
        sys.exit(f"FAILED: {path}: looks blank ({share:.1%} of the top differs from the background, {len(colours)} colours)")
    print(f"{path}: {width}x{height}, top of page {share:.1%} inked, {len(colours)} colours")


if __name__ == "__main__":
    main()
