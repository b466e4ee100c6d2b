"""TL003's fix: drop the softmax (or sigmoid) whose output goes to a loss that applies it."""

from __future__ import annotations

import libcst as cst

from torchlint.analysis import torch_api
from torchlint.analysis.facts import ModuleFacts
from torchlint.analysis.training import LossPrediction
from torchlint.findings import Edit, Fix
from torchlint.rules.fixes import Editor, as_operand, descendants, parents, safe, unsafe


def fix(facts: ModuleFacts, prediction: LossPrediction) -> Fix | None:
    """The activation call becomes its input. Safe where its output goes only to the loss
    (written inside the loss call, or bound to a name used nowhere else); unsafe where the
    probabilities may be used elsewhere (a model's forward, a name used again)."""
    activation = prediction.activated.origin.node
    if not isinstance(activation, cst.Call):
        return None
    name = prediction.activated.activation.value
    if facts.qualify(activation.func) in torch_api.ACTIVATION_MODULES:
        deleted = _layer_in_sequential(facts, activation)
        message = f"Drop the {name} layer: the model outputs logits"
        return unsafe(message, deleted) if deleted is not None else None
    applied = _input_of(facts, activation)
    if applied is None:
        return None
    code = as_operand(facts, applied)
    edit = Editor(facts).replace(activation, code)
    message = f"Drop the {name}: pass `{code}` on"
    return (safe if _only_for_the_loss(facts, prediction, activation) else unsafe)(message, edit)


def _input_of(facts: ModuleFacts, call: cst.Call) -> cst.BaseExpression | None:
    """`x` of `F.softmax(x, dim=1)`, `torch.sigmoid(x)`, `x.softmax(-1)`."""
    func = call.func
    if facts.qualify(func) in torch_api.ACTIVATION_FUNCTIONS:
        for index, arg in enumerate(call.args):
            if arg.star:
                return None
            if (arg.keyword is None and index == 0) or (
                arg.keyword is not None and arg.keyword.value == "input"
            ):
                return arg.value
        return None
    if isinstance(func, cst.Attribute) and func.attr.value in ("softmax", "sigmoid"):
        return func.value if facts.qualify(func) is None else None
    return None


def _only_for_the_loss(
    facts: ModuleFacts, prediction: LossPrediction, activation: cst.Call
) -> bool:
    loss_call = prediction.call
    if prediction.loss.node is not loss_call.node:
        return False  # a helper computes the loss: its other callers may pass probabilities
    arguments = [arg.value for arg in loss_call.node.args]
    if any(argument is activation for argument in arguments):
        return True
    scope = loss_call.scope
    for key, bindings in scope.bindings.items():
        if any(b.value is activation for b in bindings) and "." not in key:
            uses = sum(isinstance(n, cst.Name) and n.value == key for n in descendants(scope.node))
            named = [a for a in arguments if isinstance(a, cst.Name) and a.value == key]
            return len(bindings) == 1 and len(named) == 1 and uses == 2
    return False


def _layer_in_sequential(facts: ModuleFacts, layer: cst.Call) -> Edit | None:
    """`nn.Softmax(dim=1)` as the last layer of an `nn.Sequential(...)`: deleted, with the
    comma before it."""
    arg = parents(facts).get(id(layer))
    sequential = parents(facts).get(id(arg))
    if not (
        isinstance(arg, cst.Arg)
        and isinstance(sequential, cst.Call)
        and facts.qualify(sequential.func) == "torch.nn.Sequential"
        and len(sequential.args) > 1
        and sequential.args[-1] is arg
        and not any(a.star or a.keyword for a in sequential.args)
    ):
        return None
    editor = Editor(facts)
    return editor.edit(editor.span(sequential.args[-2].value)[1], editor.span(layer)[1], "")
