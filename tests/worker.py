"""A real Celery worker in a subprocess, on the test database and the real broker."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / "test-artifacts" / "workers"


class Worker:
    def __init__(self, concurrency: int = 1, beat: bool = False, **env: str) -> None:
        db = connection.settings_dict
        url = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
        self.env = {
            **os.environ,
            "DATABASE_URL": url,
            "REDIS_URL": settings.CELERY_BROKER_URL,
            "CELERY_QUEUE": celery_app.conf.task_default_queue,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "SECRET_KEY": "worker-test",
            "DEBUG": "False",
            **env,
        }
        self.concurrency = concurrency
        self.beat = beat
        self.proc: subprocess.Popen | None = None
        LOGS.mkdir(parents=True, exist_ok=True)
        self.log_path = LOGS / f"worker-{os.getpid()}-{time.monotonic_ns()}.log"

    def start(self, timeout: float = 60) -> "Worker":
        self.log = open(self.log_path, "w")
        # Celery beat inside the worker, as bin/run-demo runs it (the sweeper).
        beat = (
            ["-B", "-s", str(self.log_path.with_suffix(".beat"))] if self.beat else []
        )
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                self.env["CELERY_QUEUE"],
                f"--concurrency={self.concurrency}",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=test-{time.monotonic_ns()}@%h",
                *beat,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, to kill it whole
        )
        wait_for(lambda: "ready." in self.log_path.read_text(), timeout, "worker start")
        return self

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes, as a crash would."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def purge_queue() -> None:
    from config.celery import app

    with app.connection_for_write() as conn:
        try:
            conn.default_channel.queue_purge(app.conf.task_default_queue)
        except Exception:  # the queue does not exist yet
            pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A private Redis (no persistence) that a test may stop and restart, as an
    outage or a restart that loses the queued messages would."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "RedisServer":
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, 10, "private redis to start")
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


@contextmanager
def broker(url: str) -> Iterator[None]:
    """Point this process's Celery app at another broker for the block."""
    from config.celery import app

    old = app.conf.broker_url

    def switch(to: str) -> None:
        app.conf.CELERY_BROKER_URL = to
        assert app.conf.broker_url == to
        # Drop the app's references only: kombu keeps one pool per broker URL,
        # and the one for the way back must stay open.
        app._pool = None
        app.amqp._producer_pool = None

    switch(url)
    try:
        yield
    finally:
        switch(old)
