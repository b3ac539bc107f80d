"""Echo server on raw Python trio sockets (Debian's python3-trio), the counterpart of
TrioEchoServer: one task per connection doing recv/send. Prints "READY <port>" when it
listens. Argument: the port (0 = any)."""

import socket
import sys

import trio


async def echo(connection):
    with connection:
        try:
            while True:
                data = await connection.recv(65536)
                if not data:
                    return
                while data:
                    sent = await connection.send(data)
                    data = data[sent:]
        except OSError:
            pass  # the client went away


async def main(port):
    listener = trio.socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        await listener.bind(("127.0.0.1", port))
        listener.listen(4096)
        print("READY", listener.getsockname()[1], flush=True)
        async with trio.open_nursery() as nursery:
            while True:
                connection, _ = await listener.accept()
                connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                nursery.start_soon(echo, connection)


if __name__ == "__main__":
    trio.run(main, int(sys.argv[1]))
