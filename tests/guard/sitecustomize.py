"""Loaded by every Python process the tests start (via PYTHONPATH): the program must never open a socket.

A process that tries gets an error and says so on standard error, so the test that started it fails."""

import socket
import sys

_Original = socket.socket


class _NoNetwork(_Original):
    def __init__(self, *args, **kwargs):
        sys.stderr.write("NETWORK: the program tried to open a socket\n")
        raise OSError("konsultasjon must not use the network (the tests forbid sockets)")


socket.socket = _NoNetwork
