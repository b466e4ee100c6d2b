"""Benchmark: torchlint against a bare libcst parse of the same files (and TorchFix, if installed).

    python bench/benchmark.py [--scripts 300] [--repeat 3] [--torchfix PATH/TO/torchfix]
    python bench/benchmark.py --project 500 [--repeat 3]
    python bench/benchmark.py --cache 1000 [--repeat 3]

Generates a corpus of realistic training scripts under bench/corpus/ from the project's own
examples and fixtures (renamed identifiers, combined sections, deterministic), then times whole
processes: CPU seconds come from the operating system's accounting of each finished child
(`resource.getrusage(RUSAGE_CHILDREN)`), wall seconds from a monotonic clock. Each figure is the
median of `--repeat` cold runs. The ratio to the bare parse is the median of the ratios of
`--repeat` pairs, the parse and torchlint run back to back, with the lowest and highest: on a
shared machine whose speed drifts, a pair sees the same drift. torchlint's modules are compiled
to bytecode first, as pip does when it installs a package (and as libcst's already are):
otherwise, in a source checkout under PYTHONDONTWRITEBYTECODE, every run would also time
compiling torchlint.

`--project N` instead generates one project of N modules that import each other (each imports
the model, loss and step helper of two earlier modules, so summaries cross files along long
chains), and times it at N and 2N modules: the project-wide pass must grow linearly.

`--cache N` generates the same project of N modules and times a run without the cache, a cold
run that fills an empty cache, and a warm run over the unchanged files (all cores, whole
processes); the warm run should cost a small fraction of the cold one.
"""

from __future__ import annotations

import argparse
import compileall
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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


PROJECT_MODULE = """\
import torch
import torch.nn as nn
import torch.nn.functional as F
{imports}


class Model{i}(nn.Module):
    def __init__(self, width=32):
        super().__init__()
        self.body = {body}
        self.head = nn.Linear(width, 10)

    def forward(self, x):
        return self.head(torch.relu(self.body(x)))


def loss_{i}(logits, target):
    return F.cross_entropy(logits, target)


def train_step_{i}(model, optimizer, batch):
    inputs, target = batch
    optimizer.zero_grad()
    loss = {loss}(model(inputs), target)
    loss.backward()
    optimizer.step()
    return loss.item()


def fit_{i}(loader, epochs=1):
    model = Model{i}()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(epochs):
        for batch in loader:
            {step}(model, optimizer, batch)
    return model
"""


def generate_project(count: int) -> list[Path]:
    folder = CORPUS / f"project_{count}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "pkg").mkdir(parents=True)
    (folder / "pkg" / "__init__.py").write_text("")
    paths = []
    for i in range(count):
        earlier = sorted({i - 1, i // 2} - {i}) if i else []
        imports = "\n".join(
            f"from .mod_{j:04d} import Model{j}, loss_{j}, train_step_{j}" for j in earlier
        )
        body = f"Model{earlier[0]}(width).head" if earlier else "nn.Linear(width, width)"
        text = PROJECT_MODULE.format(
            i=i,
            imports=imports,
            body=body.replace(".head", "") if earlier else body,
            loss=f"loss_{earlier[-1]}" if earlier else f"loss_{i}",
            step=f"train_step_{earlier[-1]}" if earlier else f"train_step_{i}",
        )
        path = folder / "pkg" / f"mod_{i:04d}.py"
        path.write_text(text)
        paths.append(path)
    return paths


def project_benchmark(count: int, repeat: int) -> None:
    python = sys.executable
    print(
        f"{'project':24} {'lines':>7} {'parse cpu s':>12} {'torchlint cpu s':>16} "
        f"{'ratio':>6} {'(low-high)':>12}"
    )
    for size in (count, 2 * count):
        paths = generate_project(size)
        lines = sum(p.read_text().count("\n") for p in paths)
        files = [str(p) for p in paths]
        lint = torchlint("--jobs", "1", str(paths[0].parent), folder=paths[0].parent)
        figures = paired(lint, [python, "-c", BARE_PARSE, *files], repeat)
        parse_cpu, cpu = figures["parse cpu"], figures["cpu"]
        print(
            f"{size:5} modules{'':11} {lines:7} {parse_cpu:12.2f} {cpu:16.2f} "
            f"{figures['ratio']:6.2f} {figures['low']:5.2f}-{figures['high']:<5.2f}"
        )


def paired(command: list[str], parse: list[str], repeat: int) -> dict[str, float]:
    """`command` and the bare `parse` run back to back `repeat` times: the medians of their CPU
    seconds, and the median, lowest and highest of the pairs' ratios."""
    pairs = []
    for _ in range(repeat):
        parse_cpu, _, parse_code = timed(parse)
        cpu, _, code = timed(command)
        if parse_code != 0 or code not in (0, 1):
            raise SystemExit(f"exit status {parse_code}, {code} from {' '.join(command[:3])} ...")
        pairs.append((cpu, parse_cpu))
    ratios = [cpu / parse_cpu for cpu, parse_cpu in pairs]
    return {
        "cpu": statistics.median(cpu for cpu, _ in pairs),
        "parse cpu": statistics.median(parse_cpu for _, parse_cpu in pairs),
        "ratio": statistics.median(ratios),
        "low": min(ratios),
        "high": max(ratios),
    }


def cache_benchmark(count: int, repeat: int) -> None:
    paths = generate_project(count)
    folder = str(paths[0].parent)
    cache = Path(tempfile.mkdtemp(prefix="torchlint-bench-cache-"))
    command = torchlint("--cache-dir", str(cache), folder, folder=paths[0].parent, cache=True)
    try:
        runs = {
            "no cache": measure("no cache", [*command, "--no-cache"], repeat, (0, 1)),
            "cold (empty cache)": measure(
                "cold", command, repeat, (0, 1), before=lambda: shutil.rmtree(cache, True)
            ),
            "warm (unchanged files)": measure("warm", command, repeat, (0, 1)),
        }
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    print(f"project of {count} modules, all cores")
    print(f"{'':24} {'cpu s':>8} {'wall s':>8}")
    for name, figures in runs.items():
        print(f"{name:24} {figures['cpu']:8.2f} {figures['wall']:8.2f}")
    cold, warm = runs["cold (empty cache)"], runs["warm (unchanged files)"]
    print(
        f"warm / cold: {warm['wall'] / cold['wall']:.1%} of the wall time, "
        f"{warm['cpu'] / cold['cpu']:.1%} of the CPU time"
    )


def timed(command: list[str]) -> tuple[float, float, int]:
    """(CPU seconds of the child, wall seconds, exit status) of one cold process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, completed.returncode


def torchlint(*arguments: str, folder: Path, cache: bool = False) -> list[str]:
    """The command that lints `arguments` (cold: without the results cache, unless `cache`),
    checked once to read every Python file of `folder`: the generated corpus sits in a folder
    that `.gitignore` names, and a run that skipped it would time nothing."""
    files = sum(1 for _ in folder.rglob("*.py"))
    command = [sys.executable, "-m", "torchlint", "--no-respect-gitignore", *arguments]
    summary = subprocess.run([*command, "--no-cache"], capture_output=True, text=True).stderr
    checked = re.search(r"in (?:\d+ of )?(\d+) files?\b", summary)
    if checked is None or int(checked.group(1)) != files:
        raise SystemExit(f"torchlint did not check the {files} files: {summary.strip()[-300:]}")
    return [*command, "-q"] if cache else [*command, "-q", "--no-cache"]


def measure(
    name: str,
    command: list[str],
    repeat: int,
    ok_codes: tuple[int, ...],
    before: Callable[[], object] | None = None,
) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
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
    parser.add_argument(
        "--project", type=int, metavar="N", help="time a generated project of N and 2N modules"
    )
    parser.add_argument(
        "--cache", type=int, metavar="N", help="time cold and warm runs of a project of N modules"
    )
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "torchlint", quiet=1)
    if args.cache:
        cache_benchmark(args.cache, args.repeat)
        return
    if args.project:
        project_benchmark(args.project, args.repeat)
        return

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
            torchlint("--jobs", "1", str(CORPUS), folder=CORPUS),
            args.repeat,
            (0, 1),
        ),
        "torchlint (all cores)": measure(
            "torchlint", torchlint(str(CORPUS), folder=CORPUS), args.repeat, (0, 1)
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
    pairs = paired(
        torchlint("--jobs", "1", str(CORPUS), folder=CORPUS),
        [python, "-c", BARE_PARSE, *files],
        args.repeat,
    )
    print(
        f"torchlint --jobs 1 / bare parse, {args.repeat} back-to-back pairs: "
        f"{pairs['ratio']:.2f} (lowest {pairs['low']:.2f}, highest {pairs['high']:.2f})"
    )


if __name__ == "__main__":
    main()
