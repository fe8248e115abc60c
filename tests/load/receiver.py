#!/usr/bin/env python3
# A webhook receiver for tests/load/caseload.sh: answers 200 to every POST and appends "<unix time> <type> <webhook-id>"
# to the file named on the command line. Loopback only.
import http.server, json, sys, threading, time

port, out = int(sys.argv[1]), sys.argv[2]
log = open(out, "a", buffering=1)
lock = threading.Lock()

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        kind = json.loads(body).get("type", "?")
        with lock:
            log.write(f"{time.time():.3f} {kind} {self.headers.get('webhook-id')}\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
