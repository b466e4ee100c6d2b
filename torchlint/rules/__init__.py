"""The rule registry: adding a rule means one module, one document and one line here."""

from __future__ import annotations

from dataclasses import dataclass

from torchlint.findings import Severity
from torchlint.rules.autograd_break_in_forward import AutogradBreakInForward
from torchlint.rules.base import Rule
from torchlint.rules.eval_split_normalization import EvalSplitNormalization
from torchlint.rules.eval_without_no_grad import EvalWithoutNoGrad
from torchlint.rules.input_not_on_device import InputNotOnDevice
from torchlint.rules.loss_accumulates_graph import LossAccumulatesGraph
from torchlint.rules.loss_target_mismatch import LossTargetMismatch
from torchlint.rules.missing_eval_mode import MissingEvalMode
from torchlint.rules.missing_zero_grad import MissingZeroGrad
from torchlint.rules.nll_loss_without_log_softmax import NllLossWithoutLogSoftmax
from torchlint.rules.saturating_activation_stack import SaturatingActivationStack
from torchlint.rules.scheduler_step_order import SchedulerStepOrder
from torchlint.rules.softmax_before_cross_entropy import SoftmaxBeforeCrossEntropy
from torchlint.rules.softmax_wrong_dim import SoftmaxWrongDim
from torchlint.rules.stale_optimizer import StaleOptimizer
from torchlint.rules.train_loader_not_shuffled import TrainLoaderNotShuffled
from torchlint.rules.unnormalized_image_input import UnnormalizedImageInput

ALL_RULES: tuple[type[Rule], ...] = (
    AutogradBreakInForward,
    StaleOptimizer,
    MissingZeroGrad,
    SoftmaxBeforeCrossEntropy,
    EvalWithoutNoGrad,
    EvalSplitNormalization,
    InputNotOnDevice,
    LossAccumulatesGraph,
    LossTargetMismatch,
    MissingEvalMode,
    NllLossWithoutLogSoftmax,
    SaturatingActivationStack,
    SchedulerStepOrder,
    SoftmaxWrongDim,
    TrainLoaderNotShuffled,
    UnnormalizedImageInput,
)


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    severity: Severity
    summary: str
    # How dynamic mode relates to the rule: "confirms" a static finding, "runtime" only, or "no".
    dynamic: str = "no"


_CONFIRMED_AT_RUN_TIME = {"TL001", "TL002", "TL003", "TL004", "TL007", "TL008", "TL009", "TL010"}

SYNTAX_ERROR = RuleInfo(
    "TL900",
    "syntax-error",
    Severity.ERROR,
    "The file cannot be decoded or parsed, so it was not checked.",
)
# Findings only a smoke run can make (`torchlint run`); their documents are under rules/ too.
RUNTIME_RULES: tuple[RuleInfo, ...] = (
    RuleInfo(
        "TL100",
        "script-crashed",
        Severity.ERROR,
        "The script crashed or exited with an error during the smoke run.",
        "runtime",
    ),
    RuleInfo(
        "TL101", "non-finite-loss", Severity.ERROR, "The loss became NaN or infinite.", "runtime"
    ),
    RuleInfo(
        "TL102",
        "parameters-not-updated",
        Severity.ERROR,
        "The optimizer stepped but no parameter changed.",
        "runtime",
    ),
    RuleInfo(
        "TL103",
        "predictions-collapse",
        Severity.WARNING,
        "Predictions collapse to a single class.",
        "runtime",
    ),
    RuleInfo(
        "TL104",
        "unnormalized-input",
        Severity.WARNING,
        "The model's input looks unnormalized (e.g. 0-255 pixels).",
        "runtime",
    ),
    RuleInfo(
        "TL105",
        "imbalanced-targets",
        Severity.WARNING,
        "The classification targets are heavily imbalanced.",
        "runtime",
    ),
    RuleInfo(
        "TL106",
        "vanishing-exploding-gradients",
        Severity.WARNING,
        "Gradients explode, or vanish toward the input.",
        "runtime",
    ),
)
RULE_INFOS: tuple[RuleInfo, ...] = tuple(
    sorted(
        (
            *(
                RuleInfo(
                    r.code,
                    r.name,
                    r.severity,
                    r.summary,
                    "confirms" if r.code in _CONFIRMED_AT_RUN_TIME else "no",
                )
                for r in ALL_RULES
            ),
            *RUNTIME_RULES,
            SYNTAX_ERROR,
        ),
        key=lambda info: info.code,
    )
)
