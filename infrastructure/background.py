"""A worker's loop run in a thread of its own, started with the service and stopped with it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Background:
    name: str
    run: Callable[[threading.Event], None]  # returns when the event is set
    stop: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    def start(self) -> None:
        self.stop.clear()
        self.thread = threading.Thread(
            target=self.run, args=(self.stop,), name=self.name, daemon=True
        )
        self.thread.start()

    def close(self, timeout: float = 10.0) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join(timeout)
            self.thread = None
