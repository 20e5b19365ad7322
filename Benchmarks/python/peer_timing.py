"""The timing loop every peer script shares: run one prediction `repeat` times, keep each wall
time and the last run's solver information."""
import time


def timed_runs(predict, inputs, repeat):
    """Returns (seconds of each run, the info the last run returned)."""
    times, info = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        _, info = predict(inputs)
        times.append(time.perf_counter() - start)
    return times, info
