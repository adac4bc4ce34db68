"""A small job runner: the base of the demo change (it already holds one pitfall)."""
import asyncio
import time

import requests


async def heartbeat():
    while True:
        time.sleep(30)  # an old pitfall: the review of the change leaves it alone
        print("alive")


async def fetch_status(url):
    return {"url": url, "ok": True}


async def main():
    await asyncio.gather(heartbeat(), fetch_status("https://example.com"))
