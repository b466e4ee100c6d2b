"""The rule registry: adding a rule means one module, one document and one line here."""

from __future__ import annotations

from dataclasses import dataclass

from torchlint.findings import Severity
from torchlint.rules.base import Rule
from torchlint.rules.eval_split_normalization import EvalSplitNormalization
from torchlint.rules.eval_without_no_grad import EvalWithoutNoGrad
from torchlint.rules.missing_zero_grad import MissingZeroGrad
from torchlint.rules.softmax_before_cross_entropy import SoftmaxBeforeCrossEntropy
from torchlint.rules.stale_optimizer import StaleOptimizer

ALL_RULES: tuple[type[Rule], ...] = (
    StaleOptimizer,
    MissingZeroGrad,
    SoftmaxBeforeCrossEntropy,
    EvalWithoutNoGrad,
    EvalSplitNormalization,
)


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    severity: Severity
    summary: str


SYNTAX_ERROR = RuleInfo(
    "TL900",
    "syntax-error",
    Severity.ERROR,
    "The file cannot be decoded or parsed, so it was not checked.",
)
RULE_INFOS: tuple[RuleInfo, ...] = (
    *(RuleInfo(r.code, r.name, r.severity, r.summary) for r in ALL_RULES),
    SYNTAX_ERROR,
)
