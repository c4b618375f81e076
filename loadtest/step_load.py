"""A step load: hold each user count for a while, then add more, to find where throughput stops growing.

    locust -f loadtest/locustfile.py,loadtest/step_load.py --headless --csv-full-history \\
        --csv reports/steps/distilbert --step-users 4 --step-time 30 --step-max-users 32 DistilbertUser

A closed-loop user sends its next request as soon as the last one is answered, so requests/s grows
with the user count until the server saturates; past that point only latency grows. Holding every
step long enough for Locust's 10-second current-latency window to fill makes each step's numbers
its own. ``loadtest/run.py --steps`` turns the per-second history CSV into a per-step table. The
shape ignores -u/-r/-t; the options below travel to workers like every other option.
"""

from __future__ import annotations

import math
from typing import Any

from locust import LoadTestShape, events

DEFAULT_STEP_USERS = 4
DEFAULT_STEP_SECONDS = 30
DEFAULT_MAX_USERS = 32


@events.init_command_line_parser.add_listener
def add_arguments(parser: Any) -> None:
    parser.add_argument("--step-users", type=int, default=DEFAULT_STEP_USERS, help="users added at each step")
    parser.add_argument(
        "--step-time", type=int, default=DEFAULT_STEP_SECONDS, help="seconds each step is held"
    )
    parser.add_argument(
        "--step-max-users", type=int, default=DEFAULT_MAX_USERS, help="user count of the last step"
    )


def step_plan(step_users: int, step_seconds: int, max_users: int) -> list[tuple[float, int]]:
    """``(end of step in seconds, users during the step)`` for every step; the last one may be
    smaller than ``step_users`` so the plan ends exactly at ``max_users``."""
    if min(step_users, step_seconds, max_users) < 1:
        raise ValueError("--step-users, --step-time and --step-max-users must be positive")
    steps = math.ceil(max_users / step_users)
    return [((i + 1) * step_seconds, min((i + 1) * step_users, max_users)) for i in range(steps)]


class StepLoadShape(LoadTestShape):
    """Reaches each step's user count within a second (spawn rate = users per step), holds it for
    --step-time seconds, and stops the test after the step at --step-max-users."""

    def tick(self) -> tuple[int, float] | None:
        options = self.runner.environment.parsed_options
        run_time = self.get_run_time()
        for end, users in step_plan(options.step_users, options.step_time, options.step_max_users):
            if run_time < end:
                return users, float(options.step_users)
        return None
