#!/usr/bin/env python3
"""stormsrv.py - a misbehaving filtered-stream server for 1041: every
stream connection is answered 200 with one line and then closed.  The
line, per connection, comes from MODES (comma-separated, the last one
repeats): error (a problem object), disconnect (an operational-disconnect
notice), garbage (not JSON), post (a real post).  Prints its base URL,
then serves; appends one line per stream connection to LOG."""
import http.server, json, sys, threading

modes = sys.argv[1].split(',')
log = sys.argv[2]
n = 0
lock = threading.Lock()

LINES = {
    'error': {"errors": [{"title": "ConnectionException", "detail": "This stream is currently at the maximum allowed connection limit.", "type": "https://api.twitter.com/2/problems/streaming-connection"}]},
    'disconnect': {"errors": [{"title": "operational-disconnect", "disconnect_type": "UpstreamOperationalDisconnect", "detail": "This stream has been disconnected upstream for operational reasons.", "type": "https://api.twitter.com/2/problems/operational-disconnect"}]},
}


class H(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.0'

    def log_message(self, *a):
        pass

    def send_json(self, obj):
        b = json.dumps(obj).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(b)))
        self.end_headers()
        self.wfile.write(b)

    def do_GET(self):
        global n
        path = self.path.split('?')[0]
        if path == '/2/tweets/search/stream/rules':
            return self.send_json({"data": [{"id": "1", "value": "luggage", "tag": "luggage"}],
                                   "meta": {"sent": "2026-11-02T09:00:00.000Z", "result_count": 1}})
        if path == '/2/tweets/search/recent':
            return self.send_json({"meta": {"result_count": 0}})
        if path != '/2/tweets/search/stream':
            self.send_response(404)
            self.end_headers()
            return
        with lock:
            n += 1
            k = n
        mode = modes[min(k, len(modes)) - 1]
        with open(log, 'a') as f:
            f.write('%d %s\n' % (k, mode))
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.end_headers()
        if mode == 'garbage':
            line = b'<html>Service Unavailable</html>'
        elif mode == 'post':
            line = json.dumps({"data": {"id": str(1000 + k), "text": "@brand my luggage %d" % k,
                                        "author_id": "7", "created_at": "2026-11-02T09:00:00.000Z",
                                        "edit_history_tweet_ids": [str(1000 + k)]},
                               "matching_rules": [{"id": "1", "tag": "luggage"}]}).encode()
        else:
            line = json.dumps(LINES[mode]).encode()
        self.wfile.write(line + b'\r\n')
        self.wfile.flush()


s = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
print('http://127.0.0.1:%d' % s.server_address[1], flush=True)
s.serve_forever()
