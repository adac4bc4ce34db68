"""A small job runner: the head of the demo change (it adds new pitfalls)."""
import asyncio
import hashlib
import subprocess
import time

import requests


async def heartbeat():
    while True:
        time.sleep(30)  # an old pitfall: the review of the change leaves it alone
        print("alive")


async def fetch_status(url):
    response = requests.get(url, timeout=5)
    return {"url": url, "ok": response.ok}


async def backup(path):
    subprocess.run(["tar", "czf", path + ".tgz", path], check=True)
    time.sleep(1)


async def token(password, salt):
    return hashlib.pbkdf2_hmac("sha256", password, salt, 100_000)


async def main():
    loop = asyncio.get_event_loop()
    await asyncio.gather(heartbeat(), fetch_status("https://example.com"), backup("/tmp/data"))
