from collections import deque


class Waitlist:
    """People waiting for a room, first come first served."""

    def __init__(self):
        self._queue = {}

    def join(self, room, who):
        queue = self._queue.setdefault(room, deque())
        if who not in queue:
            queue.append(who)
        return len(queue)

    def next(self, room):
        queue = self._queue.get(room)
        return queue.popleft() if queue else None
