#!/usr/bin/env python3
"""tests/sbflood.py - load on a tw-sandbox at 127.0.0.1 (loopback only),
for tests/6119-sandbox-exhaust.t.  Every loop is bounded in count and
time.

  sbflood.py half PORT N SECS
      open N connections that each send half a request head; print
      "open N" once they are all connected, hold them SECS seconds, then
      print "closed-by-server K" (how many the server closed) and exit.
  sbflood.py bodies PORT N BYTES PATH
      N connections at once each POST a body of BYTES bytes to PATH;
      print each answer's status, one a line.
  sbflood.py head PORT BYTES PATH
      send only a head with Content-Length BYTES; print the status and
      the body of the answer.
"""
import resource
import select
import socket
import sys
import threading
import time

HOST = "127.0.0.1"


def connect(port):
	s = socket.create_connection((HOST, port), timeout=10)
	return s


def read_answer(s, limit=20.0):
	"""The status and body of one answer (Content-Length framed)."""
	s.settimeout(limit)
	data = b""
	end = time.time() + limit
	while b"\r\n\r\n" not in data and time.time() < end:
		try:
			chunk = s.recv(65536)
		except OSError:
			break
		if not chunk:
			break
		data += chunk
	head, _, body = data.partition(b"\r\n\r\n")
	status = head.split(b" ")[1].decode() if head.startswith(b"HTTP/") else "0"
	clen = 0
	for line in head.split(b"\r\n")[1:]:
		k, _, v = line.partition(b":")
		if k.strip().lower() == b"content-length":
			clen = int(v.strip())
	while len(body) < clen and time.time() < end:
		try:
			chunk = s.recv(65536)
		except OSError:
			break
		if not chunk:
			break
		body += chunk
	return status, body


def half(port, n, secs):
	soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
	want = n + 64
	if soft < want:
		resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
	socks = []
	for i in range(n):
		s = connect(port)
		s.sendall(b"GET /2/users/me HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		    b"X-Half: %d" % i)
		socks.append(s)
	print("open %d" % len(socks), flush=True)
	closed = set()
	end = time.time() + secs
	while time.time() < end and len(closed) < len(socks):
		live = [s for s in socks if s.fileno() not in closed]
		r, _, _ = select.select(live[:1000], [], [], 0.2) if live else ([], [], [])
		for s in r:
			try:
				if not s.recv(4096):
					closed.add(s.fileno())
			except OSError:
				closed.add(s.fileno())
		if len(live) > 1000:
			time.sleep(0.05)
	print("closed-by-server %d" % len(closed), flush=True)
	for s in socks:
		s.close()


def post(port, size, path, out, i):
	try:
		s = connect(port)
		s.sendall(b"POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		    b"Content-Type: application/json\r\n"
		    b"Content-Length: %d\r\n\r\n" % (path.encode(), size))
		piece = b"x" * (1 << 20)
		left = size
		while left > 0:
			n = min(left, len(piece))
			s.sendall(piece[:n])
			left -= n
		status, _ = read_answer(s, 60)
		out[i] = status
		s.close()
	except OSError:
		# refused early: the server answered and closed before the
		# whole body was sent; read what it said
		try:
			status, _ = read_answer(s, 5)
			out[i] = status
		except OSError as e:
			out[i] = "error %s" % e


def bodies(port, n, size, path):
	out = ["none"] * n
	ts = [threading.Thread(target=post, args=(port, size, path, out, i))
	    for i in range(n)]
	for t in ts:
		t.start()
	for t in ts:
		t.join(120)
	for o in out:
		print(o)


def head(port, size, path):
	s = connect(port)
	s.sendall(b"POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    b"Content-Type: application/json\r\n"
	    b"Content-Length: %d\r\n\r\n" % (path.encode(), size))
	status, body = read_answer(s, 10)
	print(status)
	sys.stdout.flush()
	sys.stdout.buffer.write(body + b"\n")
	s.close()


def main():
	mode, port = sys.argv[1], int(sys.argv[2])
	if mode == "half":
		half(port, int(sys.argv[3]), float(sys.argv[4]))
	elif mode == "bodies":
		bodies(port, int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
	elif mode == "head":
		head(port, int(sys.argv[3]), sys.argv[4])
	else:
		sys.exit("unknown mode " + mode)


if __name__ == "__main__":
	main()
