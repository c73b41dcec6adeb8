#!/usr/bin/env python3
"""pngstat PNG - print "WIDTH HEIGHT COLOURS NONBACKGROUND" for a PNG file,
where COLOURS counts distinct pixel values and NONBACKGROUND the pixels
that differ from the most common one.  Only 8-bit RGB/RGBA, non-interlaced
PNGs (what Chromium writes) are read; anything else fails with a reason.
Uses nothing but zlib and struct, for tests/svgshot.sh.  Imported, read(path)
gives (width, height, rows), each row a list of (r, g, b) tuples."""
import collections
import struct
import sys
import zlib


_path = None     # the file being read, for messages


def fail(why):
    sys.exit("pngstat: %s: %s" % (_path, why))


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def rows(data, width, height, bpp):
    """Undo the per-row filters (types 0-4), yielding each row's bytes."""
    stride = width * bpp
    prev = bytearray(stride)
    pos = 0
    for _ in range(height):
        ftype = data[pos]
        line = bytearray(data[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        if len(line) != stride:
            fail("image data is short")
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif ftype == 2:
            line = bytearray((x + y) & 255 for x, y in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif ftype == 4:
            for i in range(stride):
                if i >= bpp:
                    pred = paeth(line[i - bpp], prev[i], prev[i - bpp])
                else:
                    pred = prev[i]
                line[i] = (line[i] + pred) & 255
        elif ftype != 0:
            fail("bad filter type %d" % ftype)
        yield bytes(line)
        prev = line


def decode(path):
    """(width, height, bytes per pixel, the rows' bytes) of a PNG file."""
    global _path
    _path = path
    try:
        with open(path, "rb") as f:
            png = f.read()
    except OSError as e:
        fail(e.strerror)
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        fail("not a PNG file")
    pos, ihdr, idat = 8, None, []
    while pos + 8 <= len(png):
        size, kind = struct.unpack(">I4s", png[pos:pos + 8])
        body = png[pos + 8:pos + 8 + size]
        pos += 12 + size
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if ihdr is None or not idat:
        fail("no IHDR or IDAT chunk")
    width, height, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        fail("unsupported format (bit depth %d, colour type %d, interlace %d);"
             " only 8-bit RGB/RGBA non-interlaced" % (depth, ctype, interlace))
    bpp = 3 if ctype == 2 else 4
    try:
        data = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        fail("bad image data: %s" % e)
    return width, height, bpp, list(rows(data, width, height, bpp))


def read(path):
    """(width, height, rows of (r, g, b) tuples) of a PNG file."""
    width, height, bpp, lines = decode(path)
    return width, height, [[tuple(line[i:i + 3]) for i in
                            range(0, len(line), bpp)] for line in lines]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    width, height, bpp, lines = decode(sys.argv[1])
    count = collections.Counter()
    for line in lines:
        count.update(line[i:i + bpp] for i in range(0, len(line), bpp))
    background = count.most_common(1)[0][1] if count else 0
    print(width, height, len(count), width * height - background)


if __name__ == "__main__":
    main()
