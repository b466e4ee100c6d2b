"""Benchmark: torchlint against a bare libcst parse of the same files (and TorchFix, if installed).

    python bench/benchmark.py [--scripts 300] [--repeat 3] [--torchfix PATH/TO/torchfix]

Generates a corpus of realistic training scripts under bench/corpus/ from the project's own
examples and fixtures (renamed identifiers, combined sections, deterministic), then times whole
processes: CPU seconds come from the operating system's accounting of each finished child
(`resource.getrusage(RUSAGE_CHILDREN)`), wall seconds from a monotonic clock. Each figure is the
median of `--repeat` cold runs.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus"
SEEDS = sorted(
    [
        *ROOT.glob("examples/*.py"),
        *ROOT.glob("tests/fixtures/clean/*.py"),
        *ROOT.glob("tests/fixtures/buggy/*.py"),
    ]
)
RENAMES = {
    "model": ["model", "net", "network", "clf", "backbone_model"],
    "optimizer": ["optimizer", "opt", "optim_adam", "optimizer_main"],
    "loader": ["loader", "dl", "batches", "data_loader"],
    "criterion": ["criterion", "loss_fn", "objective"],
}
BARE_PARSE = """
import sys, libcst
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        libcst.parse_module(handle.read().decode("utf-8"))
"""


def generate_corpus(count: int) -> list[Path]:
    rng = random.Random(20261123)
    texts = [path.read_text() for path in SEEDS]
    shutil.rmtree(CORPUS, ignore_errors=True)
    CORPUS.mkdir(parents=True)
    paths = []
    for index in range(count):
        parts = rng.sample(texts, k=rng.randint(1, 3))
        text = "\n\n".join(parts)
        for name, choices in RENAMES.items():
            text = re.sub(rf"\b{name}\b", rng.choice(choices), text)
        path = CORPUS / f"script_{index:04d}.py"
        path.write_text(text)
        paths.append(path)
    return paths


def timed(command: list[str]) -> tuple[float, float, int]:
    """(CPU seconds of the child, wall seconds, exit status) of one cold process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, completed.returncode


def measure(
    name: str, command: list[str], repeat: int, ok_codes: tuple[int, ...]
) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        cpu, wall, code = timed(command)
        if code not in ok_codes:
            raise SystemExit(f"{name}: exit status {code} from {' '.join(command[:3])} ...")
        runs.append((cpu, wall))
    return {
        "cpu": statistics.median(cpu for cpu, _ in runs),
        "wall": statistics.median(wall for _, wall in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scripts", type=int, default=300, help="scripts in the generated corpus")
    parser.add_argument(
        "--repeat", type=int, default=3, help="cold runs per figure (median reported)"
    )
    parser.add_argument(
        "--torchfix", metavar="EXECUTABLE", help="also time this TorchFix executable"
    )
    args = parser.parse_args()

    paths = generate_corpus(args.scripts)
    lines = sum(path.read_text().count("\n") for path in paths)
    files = [str(p) for p in paths]
    python = sys.executable
    print(f"corpus: {len(paths)} scripts, {lines} lines in {CORPUS.relative_to(ROOT)}/")

    results = {
        "bare libcst.parse_module": measure(
            "parse", [python, "-c", BARE_PARSE, *files], args.repeat, (0,)
        ),
        "torchlint --jobs 1": measure(
            "torchlint",
            [python, "-m", "torchlint", "--jobs", "1", "-q", str(CORPUS)],
            args.repeat,
            (0, 1),
        ),
        "torchlint (all cores)": measure(
            "torchlint", [python, "-m", "torchlint", "-q", str(CORPUS)], args.repeat, (0, 1)
        ),
    }
    if args.torchfix:
        results["torchfix"] = measure("torchfix", [args.torchfix, str(CORPUS)], args.repeat, (0, 1))

    parse_cpu = results["bare libcst.parse_module"]["cpu"]
    print(f"{'':28} {'cpu s':>8} {'wall s':>8} {'cpu ms/kloc':>12} {'cpu / parse':>12}")
    for name, figures in results.items():
        per_kloc = figures["cpu"] / lines * 1e6
        print(
            f"{name:28} {figures['cpu']:8.2f} {figures['wall']:8.2f} {per_kloc:12.0f} "
            f"{figures['cpu'] / parse_cpu:12.2f}"
        )
    if "torchfix" in results:
        ratio = results["torchfix"]["cpu"] / results["torchlint --jobs 1"]["cpu"]
        print(f"torchfix cpu / torchlint cpu: {ratio:.1f}x")


if __name__ == "__main__":
    main()
