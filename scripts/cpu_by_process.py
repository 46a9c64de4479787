"""CPU seconds spent so far by each part of a running stack, from /proc: the four services, the
development broker, the demo loader, PostgreSQL (its server processes, and the ones that have ended,
through the postmaster's children time) and the rest of the machine. Run it when `scripts/run` prints
"ready" to see where a load's CPU went, against the wall-clock time × cores available.

    RUN_DIR=.run python3 scripts/cpu_by_process.py [--since-boot]

With RUN_DIR, only that stack's processes count (its pids/ files, its PostgreSQL and the backends of
that PostgreSQL — PG_HOME if it is not in RUN_DIR — and Demo), so stacks of other work trees on the machine do not.
"""
import os
import sys

PARTS = ("IntakeService", "ScreeningService", "PlanningService", "NotificationService", "DevBroker", "Demo", "postgres")


def stack_pids(run_dir):
    """The stack's own processes: pids/*.pid and the postmaster of its PostgreSQL (postmaster.pid)."""
    pids = set()
    folder = os.path.join(run_dir, "pids")
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        with open(os.path.join(folder, name)) as file:
            pids.add(file.read().strip())
    # PostgreSQL's data is in the run folder, or where scripts/lib/common.sh's pg_home put it (PG_HOME).
    data = [os.path.join(os.environ.get("PG_HOME", run_dir), "postgres")]
    for folder in data:
        try:
            with open(os.path.join(folder, "postmaster.pid")) as file:
                pids.add(file.readline().strip())
        except OSError:
            pass
    return pids


def main():
    ticks = os.sysconf("SC_CLK_TCK")
    totals = {part: 0.0 for part in PARTS}
    wanted = stack_pids(os.environ["RUN_DIR"]) if os.environ.get("RUN_DIR") else None
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as file:
                stat = file.read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        if wanted is not None and pid not in wanted and fields[1] not in wanted and not comm.startswith("Demo"):
            continue
        utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
        part = next((p for p in PARTS if comm.startswith(p[:15])), None)
        if part is None:
            continue
        own = (utime + stime) / ticks
        # The postmaster's children time holds the backends that have already ended.
        children = (cutime + cstime) / ticks if part == "postgres" and is_postmaster(pid) else 0
        totals[part] += own + children
    with open("/proc/stat") as file:
        cpu = [int(value) for value in file.readline().split()[1:]]
    busy = (sum(cpu) - cpu[3] - cpu[4]) / ticks
    with open("/proc/uptime") as file:
        uptime = float(file.read().split()[0])
    counted = sum(totals.values())
    width = max(map(len, PARTS))
    for part, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"{part:<{width}}  {seconds:9.1f} s CPU")
    print(f"{'(counted)':<{width}}  {counted:9.1f} s CPU")
    if "--since-boot" in sys.argv:
        print(f"machine busy since boot {busy:.1f} s CPU over {uptime:.0f} s on {os.cpu_count()} cores")


def is_postmaster(pid):
    try:
        with open(f"/proc/{pid}/cmdline") as file:
            return "-D" in file.read().split("\0")
    except OSError:
        return False


if __name__ == "__main__":
    main()
