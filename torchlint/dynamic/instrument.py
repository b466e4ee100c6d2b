"""What the child process records while the user's script trains, through torch's public hooks.

Installed before the script's own code runs: global module forward hooks, optimizer step hooks,
and thin wrappers around `Optimizer.zero_grad`, `Module.zero_grad`, `Tensor.backward` and the
functional losses. Every event is attributed to the line of the user's script that caused it (the
innermost frame of the script on the stack), so the parent can match it with static findings.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn
from torch.optim.optimizer import (
    register_optimizer_step_post_hook,
    register_optimizer_step_pre_hook,
)

# Snapshots for "did the parameters change" stay small; larger models skip that check.
_SNAPSHOT_LIMIT = 20_000_000
_GRADIENT_PROFILE_STEPS = 3


class StopSmokeRun(BaseException):
    """The step budget is used up: end the script like a finished run (not an error)."""


@dataclass
class OptimizerRecord:
    name: str
    line: int | None
    optimizer: Any = field(repr=False)
    steps: int = 0
    step_lines: Counter = field(default_factory=Counter)
    zero_grad_lines: Counter = field(default_factory=Counter)
    # Gradients found already non-zero at the first backward after a step, not reset since.
    pending_stale_norm: float | None = None
    stale_steps: list[dict] = field(default_factory=list)
    zero_gradient_steps: int = 0
    step_gradient_norms: list[float] = field(default_factory=list)
    overlap: list[dict] = field(default_factory=list)
    snapshot: list[torch.Tensor] | None = field(default=None, repr=False)
    changed: bool | None = None
    stepped_since_backward: bool = False

    def parameters(self) -> list[torch.Tensor]:
        return [p for group in self.optimizer.param_groups for p in group["params"]]


@dataclass
class LossRecord:
    kind: str
    calls: int = 0
    probability_inputs: int = 0
    log_probability_inputs: int = 0
    unit_interval_inputs: int = 0
    single_class_predictions: int = 0
    classified_batches: int = 0
    shape_mismatch: list | None = None  # [prediction shape, target shape], first time seen
    target_histogram: Counter = field(default_factory=Counter)


@dataclass
class ForwardRecord:
    module: str
    calls: int = 0
    with_graph: int = 0
    without_grad: int = 0
    in_eval_mode: int = 0
    # Models with dropout or batch norm: evaluated in training mode, or trained in eval mode.
    training_mode_without_grad: int = 0
    eval_mode_with_graph: int = 0


class Recorder:
    def __init__(self, script: str, max_steps: int) -> None:
        self.script = script
        self.max_steps = max_steps
        self.steps = 0
        self.optimizers: dict[int, OptimizerRecord] = {}
        self.losses: dict[int, LossRecord] = {}
        self.forwards: dict[int, ForwardRecord] = {}
        self.depth = 0
        self.trained_parameters: dict[int, tuple[str, torch.Tensor]] = {}
        self.first_input: dict[str, Any] | None = None
        # Until `first_input` is known, per top-level forward: whether the first layer run is a
        # normalization layer, and the input of the first layer that is not one.
        self.input_normalized_by: str | None = None
        self.first_layer_inputs: Any = None
        self.non_finite_losses: list[dict] = []
        self.gradient_profiles: list[dict] = []
        self.module_construction_lines: set[int] = set()
        self.mode_dependent: dict[int, bool] = {}
        # After the first backward: trainable tensors used in forward that received no gradient.
        self.without_gradient: dict[str, Any] | None = None

    # -- where in the script ------------------------------------------------------------

    def script_line(self) -> int | None:
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename == self.script:
                return frame.f_lineno
            frame = frame.f_back
        return None

    def script_lines(self) -> set[int]:
        """Every line of the script on the stack: `model = Net()` and the `super().__init__()`."""
        lines = set()
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename == self.script:
                lines.add(frame.f_lineno)
            frame = frame.f_back
        return lines

    def on_module_created(self) -> None:
        self.module_construction_lines |= self.script_lines()

    # -- optimizers ----------------------------------------------------------------------

    def on_optimizer_created(self, optimizer: torch.optim.Optimizer) -> None:
        self.optimizers[id(optimizer)] = OptimizerRecord(
            type(optimizer).__name__, self.script_line(), optimizer
        )

    def on_step_start(self, optimizer: torch.optim.Optimizer, args: Any, kwargs: Any) -> None:
        record = self.optimizers.get(id(optimizer))
        if record is None:
            return
        record.step_lines[self.script_line()] += 1
        parameters = record.parameters()
        grads = [p.grad for p in parameters if p.grad is not None]
        norm = _norm(grads)
        record.step_gradient_norms.append(norm)
        if norm == 0.0:
            record.zero_gradient_steps += 1
        if record.pending_stale_norm is not None:
            record.stale_steps.append(
                {
                    "step": record.steps + 1,
                    "norm_before_backward": record.pending_stale_norm,
                    "norm_at_step": norm,
                }
            )
            record.pending_stale_norm = None
        held = {id(p) for p in parameters}
        held_by_any = {id(p) for r in self.optimizers.values() for p in r.parameters()}
        trainable = {
            key: name for key, (name, p) in self.trained_parameters.items() if p.requires_grad
        }
        # Trained in forward but in no optimizer at all: a layer replaced after the optimizer.
        orphaned = [name for key, name in trainable.items() if key not in held_by_any]
        record.overlap.append(
            {
                "forward": len(trainable),
                "held": len(held.intersection(trainable)),
                "orphaned": len(orphaned),
                "orphaned_names": orphaned[:5],
            }
        )
        if record.snapshot is None and sum(p.numel() for p in parameters) <= _SNAPSHOT_LIMIT:
            record.snapshot = [p.detach().clone() for p in parameters]

    def on_step_end(self, optimizer: torch.optim.Optimizer, args: Any, kwargs: Any) -> None:
        record = self.optimizers.get(id(optimizer))
        if record is None:
            return
        record.steps += 1
        record.stepped_since_backward = True
        self.steps += 1
        self.trained_parameters.clear()
        if self.steps >= self.max_steps:
            raise StopSmokeRun

    def on_optimizer_zero_grad(self, optimizer: torch.optim.Optimizer) -> None:
        record = self.optimizers.get(id(optimizer))
        if record is not None:
            record.zero_grad_lines[self.script_line()] += 1
            record.pending_stale_norm = None

    def on_module_zero_grad(self, module: nn.Module) -> None:
        owned = {id(p) for p in module.parameters()}
        for record in self.optimizers.values():
            if owned.intersection(id(p) for p in record.parameters()):
                record.zero_grad_lines[self.script_line()] += 1
                record.pending_stale_norm = None

    # -- backward ------------------------------------------------------------------------

    def before_backward(self, loss: torch.Tensor) -> None:
        if loss.numel() == 1:
            value = float(loss.detach().float().item())
            if not math.isfinite(value):
                self.non_finite_losses.append(
                    {"line": self.script_line(), "value": str(value), "step": self.steps}
                )
        for record in self.optimizers.values():
            if not record.stepped_since_backward:
                continue
            record.stepped_since_backward = False
            norm = _norm([p.grad for p in record.parameters() if p.grad is not None])
            if norm > 0.0:
                record.pending_stale_norm = norm

    def after_backward(self) -> None:
        if self.without_gradient is None and self.trained_parameters:
            trainable = [(n, p) for n, p in self.trained_parameters.values() if p.requires_grad]
            missing = [n for n, p in trainable if p.grad is None]
            self.without_gradient = {
                "names": missing[:5],
                "count": len(missing),
                "of": len(trainable),
            }
        if len(self.gradient_profiles) >= _GRADIENT_PROFILE_STEPS or not self.trained_parameters:
            return
        layers = []
        for name, parameter in self.trained_parameters.values():
            if parameter.grad is not None and parameter.dim() > 1:
                layers.append((name, float(parameter.grad.detach().float().norm())))
        if layers:
            self.gradient_profiles.append({"line": self.script_line(), "layers": layers})

    # -- forward passes --------------------------------------------------------------------

    def before_forward(self, module: nn.Module, inputs: Any) -> None:
        self.depth += 1
        if self.first_input is not None:
            return
        if self.depth == 1:
            self.input_normalized_by, self.first_layer_inputs = None, None
        elif self.first_layer_inputs is None and next(module.children(), None) is None:
            if isinstance(module, _NORMALIZATIONS) and self.input_normalized_by is None:
                self.input_normalized_by = type(module).__name__
            else:
                self.first_layer_inputs = inputs

    def after_forward(self, module: nn.Module, inputs: Any, output: Any) -> None:
        self.depth -= 1
        if self.depth != 0:
            return
        parameters = list(module.named_parameters())
        if not parameters:
            return
        line = self.script_line()
        record = self.forwards.setdefault(line, ForwardRecord(type(module).__name__))
        record.calls += 1
        grad_enabled = torch.is_grad_enabled()
        if not module.training:
            record.in_eval_mode += 1
        tensor = _first_tensor(output)
        if not grad_enabled:
            record.without_grad += 1
        elif tensor is not None and tensor.grad_fn is not None:
            record.with_graph += 1
        if self._mode_dependent(module):
            if module.training and not grad_enabled:
                record.training_mode_without_grad += 1
            elif not module.training and tensor is not None and tensor.grad_fn is not None:
                record.eval_mode_with_graph += 1
        if module.training and grad_enabled:
            for name, parameter in parameters:
                self.trained_parameters[id(parameter)] = (name, parameter)
            if self.first_input is None:
                # A model that normalizes its raw input itself (BatchNorm first): what matters
                # is what the first layer after it sees.
                normalized = self.input_normalized_by and self.first_layer_inputs is not None
                seen = self.first_layer_inputs if normalized else inputs
                self.first_input = _input_statistics(seen, line)
                if self.first_input is not None and normalized:
                    self.first_input["after"] = self.input_normalized_by
            self.first_layer_inputs = None

    def _mode_dependent(self, module: nn.Module) -> bool:
        key = id(module)
        if key not in self.mode_dependent:
            kinds = (nn.modules.dropout._DropoutNd, nn.modules.batchnorm._BatchNorm)
            self.mode_dependent[key] = any(isinstance(m, kinds) for m in module.modules())
        return self.mode_dependent[key]

    # -- losses ----------------------------------------------------------------------------

    def on_loss(self, kind: str, prediction: Any, target: Any) -> None:
        line = self.script_line()
        record = self.losses.setdefault(line, LossRecord(kind))
        record.calls += 1
        if (
            record.shape_mismatch is None
            and isinstance(prediction, torch.Tensor)
            and isinstance(target, torch.Tensor)
            and prediction.shape != target.shape
            and kind not in ("cross_entropy", "nll_loss")
        ):
            record.shape_mismatch = [list(prediction.shape), list(target.shape)]
        if not isinstance(prediction, torch.Tensor) or not prediction.is_floating_point():
            return
        values = prediction.detach().float()
        if values.numel() == 0 or not torch.isfinite(values).all():
            return
        low, high = float(values.min()), float(values.max())
        if low >= 0.0 and high <= 1.0:
            record.unit_interval_inputs += 1
        if kind in ("cross_entropy", "nll_loss") and values.dim() >= 2:
            rows = values.sum(dim=1)
            if low >= 0.0 and high <= 1.0 and float((rows - 1).abs().max()) < 1e-3:
                record.probability_inputs += 1
            elif high <= 1e-6 and float(values.logsumexp(dim=1).abs().max()) < 1e-3:
                record.log_probability_inputs += 1
            if (
                values.shape[0] >= 8
                and isinstance(target, torch.Tensor)
                and not target.is_floating_point()
            ):
                record.classified_batches += 1
                if values.argmax(dim=1).unique().numel() == 1 and target.unique().numel() > 1:
                    record.single_class_predictions += 1
                record.target_histogram.update(int(t) for t in target.detach().flatten().tolist())

    # -- summary for the parent --------------------------------------------------------------

    def finish(self) -> None:
        for record in self.optimizers.values():
            if record.snapshot is not None and record.steps > 0:
                record.changed = any(
                    not torch.equal(before, after.detach())
                    for before, after in zip(record.snapshot, record.parameters(), strict=True)
                )
                record.snapshot = None

    def report(self) -> dict[str, Any]:
        self.finish()
        return {
            "steps": self.steps,
            "optimizers": [
                {
                    "name": r.name,
                    "line": r.line,
                    "steps": r.steps,
                    "step_lines": _lines(r.step_lines),
                    "zero_grad_lines": _lines(r.zero_grad_lines),
                    "stale_steps": r.stale_steps,
                    "zero_gradient_steps": r.zero_gradient_steps,
                    "step_gradient_norms": r.step_gradient_norms[:10],
                    "overlap": r.overlap,
                    "parameters_changed": r.changed,
                    "parameter_count": len(r.parameters()),
                }
                for r in self.optimizers.values()
            ],
            "losses": {
                str(line): vars(r) | {"target_histogram": dict(r.target_histogram)}
                for line, r in self.losses.items()
            },
            "forwards": {str(line): vars(r) for line, r in self.forwards.items()},
            "first_input": self.first_input,
            "non_finite_losses": self.non_finite_losses[:5],
            "gradient_profiles": self.gradient_profiles,
            "module_construction_lines": sorted(self.module_construction_lines),
            "without_gradient": self.without_gradient,
        }


def _lines(counter: Counter) -> dict[str, int]:
    return {str(line): count for line, count in counter.items() if line is not None}


def _norm(grads: list[torch.Tensor]) -> float:
    if not grads:
        return 0.0
    return float(torch.sqrt(sum(g.detach().float().pow(2).sum() for g in grads)))


def _first_tensor(value: Any) -> torch.Tensor | None:
    if isinstance(value, torch.Tensor):
        return value
    if isinstance(value, (tuple, list)):
        for item in value:
            found = _first_tensor(item)
            if found is not None:
                return found
    if isinstance(value, dict):
        return _first_tensor(list(value.values()))
    found = getattr(value, "logits", None)
    return found if isinstance(found, torch.Tensor) else None


_NORMALIZATIONS = (nn.modules.batchnorm._NormBase, nn.LayerNorm, nn.GroupNorm)


def _input_statistics(inputs: Any, line: int | None) -> dict[str, Any] | None:
    tensor = _first_tensor(inputs)
    if tensor is None or not tensor.is_floating_point() or tensor.numel() == 0:
        return None
    values = tensor.detach().float()
    return {
        "line": line,
        "shape": list(tensor.shape),
        "min": float(values.min()),
        "max": float(values.max()),
        "mean": float(values.mean()),
        "std": float(values.std()) if values.numel() > 1 else 0.0,
        "integral": bool(torch.equal(values, values.round())),
    }


def install(recorder: Recorder) -> None:
    """Hook the recorder into torch. Called once in the child, before the script runs."""
    optimizer_init = torch.optim.Optimizer.__init__

    def init(self: torch.optim.Optimizer, *args: Any, **kwargs: Any) -> None:
        optimizer_init(self, *args, **kwargs)
        recorder.on_optimizer_created(self)

    torch.optim.Optimizer.__init__ = init  # type: ignore[method-assign]
    register_optimizer_step_pre_hook(recorder.on_step_start)
    register_optimizer_step_post_hook(recorder.on_step_end)

    optimizer_zero_grad = torch.optim.Optimizer.zero_grad

    def zero_grad(self: torch.optim.Optimizer, *args: Any, **kwargs: Any) -> None:
        recorder.on_optimizer_zero_grad(self)
        optimizer_zero_grad(self, *args, **kwargs)

    torch.optim.Optimizer.zero_grad = zero_grad  # type: ignore[method-assign]

    module_init = nn.Module.__init__

    def module_created(self: nn.Module, *args: Any, **kwargs: Any) -> None:
        module_init(self, *args, **kwargs)
        recorder.on_module_created()

    nn.Module.__init__ = module_created  # type: ignore[method-assign]

    module_zero_grad = nn.Module.zero_grad

    def module_zero(self: nn.Module, *args: Any, **kwargs: Any) -> None:
        recorder.on_module_zero_grad(self)
        module_zero_grad(self, *args, **kwargs)

    nn.Module.zero_grad = module_zero  # type: ignore[method-assign]

    tensor_backward = torch.Tensor.backward

    def backward(self: torch.Tensor, *args: Any, **kwargs: Any) -> None:
        recorder.before_backward(self)
        tensor_backward(self, *args, **kwargs)
        recorder.after_backward()

    torch.Tensor.backward = backward  # type: ignore[method-assign]

    nn.modules.module.register_module_forward_pre_hook(recorder.before_forward)
    nn.modules.module.register_module_forward_hook(recorder.after_forward, always_call=True)

    for kind in (
        "l1_loss",
        "smooth_l1_loss",
        "huber_loss",
        "cross_entropy",
        "nll_loss",
        "binary_cross_entropy_with_logits",
        "binary_cross_entropy",
        "mse_loss",
    ):
        setattr(F, kind, _recorded_loss(recorder, kind, getattr(F, kind)))


def _recorded_loss(recorder: Recorder, kind: str, loss: Any) -> Any:
    def recorded(input: Any, target: Any, *args: Any, **kwargs: Any) -> Any:
        output = loss(input, target, *args, **kwargs)
        recorder.on_loss(kind, input, target)
        return output

    recorded.__wrapped__ = loss  # type: ignore[attr-defined]
    return recorded
