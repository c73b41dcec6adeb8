#!/usr/bin/env python3
"""tests/onpty.py [-e] [-c COLS] CMD [ARG...] - run CMD with its standard
output on a pseudo-terminal, as a person at a terminal would, and copy
what it wrote there to our standard output with the terminal's CR LF
turned back into LF.  With -e its standard error goes to the terminal
too; otherwise it is ours (a file, for the test to read).  Standard input
is ours.  Exits with CMD's status.  Used by the tests of what tw-fetch,
tw-reply and tw-dm print for a person (tests/1090, 3060, 4020)."""
import os
import pty
import struct
import sys
import termios
import fcntl

args = sys.argv[1:]
both, cols = False, 100
while args and args[0].startswith("-"):
    if args[0] == "-e":
        both = True
        args = args[1:]
    elif args[0] == "-c":
        cols = int(args[1])
        args = args[2:]
    else:
        break
if not args:
    sys.stderr.write("usage: onpty.py [-e] [-c COLS] CMD [ARG...]\n")
    sys.exit(2)

master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
pid = os.fork()
if pid == 0:
    os.close(master)
    os.dup2(slave, 1)
    if both:
        os.dup2(slave, 2)
    os.close(slave)
    try:
        os.execvp(args[0], args)
    except OSError as e:
        os.write(2, ("onpty.py: %s: %s\n" % (args[0], e)).encode())
        os._exit(127)
os.close(slave)
out = bytearray()
while True:
    try:
        b = os.read(master, 65536)
    except OSError:         # EIO: every writer has closed the terminal
        break
    if not b:
        break
    out += b
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(bytes(out).replace(b"\r\n", b"\n"))
sys.stdout.flush()
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode")
         else (status >> 8))
