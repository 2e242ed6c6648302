"""The idle crowd of the socket benchmark: many asyncio python-socketio clients in one
event loop, in a process of its own, so that keeping 1,000 sockets open costs the
measuring process nothing and the server's machine little (one thread, not thousands).

`python -m bench.socket_crowd URL` reads a JSON list of API tokens on stdin, connects them
all, prints `connected N`, then answers each line on stdin: `count` prints how many are
still connected, `quit` (or end of input) disconnects them and exits.
"""

from __future__ import annotations

import asyncio
import json
import sys

import socketio

CONCURRENT_CONNECTS = 50


async def _connect(url: str, token: str, gate: asyncio.Semaphore, heard: list[int]):
    client = socketio.AsyncClient(reconnection=False, logger=False, engineio_logger=False)

    @client.on("*")
    async def _any(_event, *_data):  # they receive every broadcast `post` event
        heard[0] += 1

    async with gate:
        try:
            await client.connect(
                url, auth={"token": token}, transports=["websocket"], wait_timeout=60
            )
        except socketio.exceptions.ConnectionError:
            return None
    return client


async def _lines():
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        yield line.strip()
        if not line:
            return


async def main(url: str) -> None:
    tokens = json.loads(sys.stdin.readline())
    gate, heard = asyncio.Semaphore(CONCURRENT_CONNECTS), [0]
    made = await asyncio.gather(*(_connect(url, t, gate, heard) for t in tokens))
    clients = [c for c in made if c is not None]
    print(f"connected {len(clients)}", flush=True)
    async for line in _lines():
        if line == "count":
            print(
                f"connected {sum(1 for c in clients if c.connected)} heard {heard[0]}", flush=True
            )
        elif line in ("quit", ""):
            break
    await asyncio.gather(*(c.disconnect() for c in clients if c.connected), return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
