"""TL012: a stack of sigmoid layers without normalization (vanishing gradients), written as an
`nn.Sequential` or as the layers a `forward` method runs one after another."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from torchlint.analysis.facts import Binding, ModuleFacts, Scope
from torchlint.analysis.names import dotted, last_name
from torchlint.analysis.torch_api import ACTIVATION_FUNCTIONS, Activation
from torchlint.analysis.values import TensorValue, Values, values_of
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule

# Activations whose derivative is at most 0.25 (1/6 for the hard sigmoid). Tanh, Hardtanh and
# Softsign have slope 1 at zero: under PyTorch's default initialization a stack of ten of them
# passes gradients back about as well as ReLU does (see bench/activation_gradients.py).
_SATURATING = frozenset({"torch.nn.Sigmoid", "torch.nn.Hardsigmoid"})
# With three, the first layer's weight gradient is ~1e-3 of the last layer's (measured).
_MINIMUM_STACK = 3


class SaturatingActivationStack(Rule):
    code = "TL012"
    name = "saturating-activation-stack"
    severity = Severity.INFO
    summary = "Three or more hidden sigmoid layers without normalization (vanishing gradients)."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        yield from _sequential_stacks(facts)
        for scope in facts.scopes:
            if scope.name == "forward" and scope.klass is not None and scope.kind == "function":
                yield from _forward_stacks(facts, scope)


def _sequential_stacks(facts: ModuleFacts) -> Iterator[Report]:
    for call in facts.all_calls():
        if call.qualname != "torch.nn.Sequential":
            continue
        layers = [arg.value for arg in call.node.args]
        if any(arg.star for arg in call.node.args) or len(layers) < 2:
            continue
        hidden = [
            facts.qualify(layer.func) if isinstance(layer, cst.Call) else None
            for layer in layers[:-1]
        ]
        saturating = [name for name in hidden if name in _SATURATING]
        normalized = any(_normalization_layer(name) for name in hidden)
        if len(saturating) >= _MINIMUM_STACK and not normalized:
            kinds = sorted({last_name(name) for name in saturating})
            yield Report(call.node, _message(len(saturating), "/".join(kinds)), help=_FIX)


_SATURATING_FUNCTIONS = frozenset(
    {name for name, kind in ACTIVATION_FUNCTIONS.items() if kind is Activation.SIGMOID}
    | {"torch.nn.functional.hardsigmoid"}
)
_NORMALIZING_FUNCTIONS = frozenset(
    {
        "torch.nn.functional.batch_norm",
        "torch.nn.functional.layer_norm",
        "torch.nn.functional.group_norm",
        "torch.nn.functional.instance_norm",
    }
)


def _forward_stacks(facts: ModuleFacts, forward: Scope) -> Iterator[Report]:
    """`x = torch.sigmoid(self.fc1(x))` three times (or in a loop over a ModuleList of known
    length) before the output: the sigmoids on the path from the input to what `forward`
    returns, counted along the data flow, so gates computed side by side (an LSTM cell's
    i, f, o) do not add up."""
    stack = _ForwardStack(facts, values_of(facts), forward)
    for value, _ in forward.returns:
        if value is None:
            continue
        if isinstance(value, cst.Call) and stack.saturating(value):
            # The output activation is not a hidden layer: count what it is applied to.
            depth = stack.depth(value) - 1
        else:
            depth = stack.depth(value)
        if depth >= _MINIMUM_STACK:
            yield Report(forward.node.name, _forward_message(forward, depth), help=_FIX)  # type: ignore[union-attr]
            return


class _ForwardStack:
    """How many sigmoids, not undone by a normalization, lie on the path to each value."""

    def __init__(self, facts: ModuleFacts, values: Values, scope: Scope) -> None:
        self.facts, self.values, self.scope = facts, values, scope
        self.bound: dict[int, int] = {}  # id(binding) -> its depth
        self.order = scope.end

    def depth(self, expr: cst.BaseExpression) -> int:
        if isinstance(expr, cst.Name):
            binding = self.scope.binding_before(expr.value, self.order)
            return self._binding_depth(binding) if binding is not None else 0
        if isinstance(expr, cst.Call):
            qualname = self.facts.qualify(expr.func)
            if qualname in _NORMALIZING_FUNCTIONS or self._normalizing_layer(expr):
                return 0
            inner = [arg.value for arg in expr.args]
            if isinstance(expr.func, cst.Attribute):
                inner.append(expr.func.value)  # `x.view(...)`, `x.sigmoid()`
            below = max((self.depth(e) for e in inner), default=0)
            return below + 1 if self.saturating(expr) else below
        if isinstance(expr, cst.BinaryOperation):
            return max(self.depth(expr.left), self.depth(expr.right))
        if isinstance(expr, cst.UnaryOperation):
            return self.depth(expr.expression)
        if isinstance(expr, cst.Subscript | cst.Attribute):
            return self.depth(expr.value)
        return 0

    def _binding_depth(self, binding: Binding) -> int:
        known = self.bound.get(id(binding))
        if known is not None:
            return known
        self.bound[id(binding)] = 0  # `x = f(x)` reads the earlier x; a cycle reads nothing
        saved, self.order = self.order, binding.order
        depth = self.depth(binding.value) if binding.value is not None else 0
        loop_length = self._loop_over_known_layers(binding)
        if loop_length and binding.value is not None and depth:
            before = self.scope.binding_before(binding.key, binding.start)
            start = self._binding_depth(before) if before is not None else 0
            depth = start + (depth - start) * loop_length
        self.order = saved
        self.bound[id(binding)] = depth
        return depth

    def saturating(self, call: cst.Call) -> bool:
        if self.facts.qualify(call.func) in _SATURATING_FUNCTIONS:
            return True
        if isinstance(call.func, cst.Attribute) and call.func.attr.value == "sigmoid":
            return not call.args  # `x.sigmoid()`
        value = self.values.value_of(call, self.scope, self.order)
        # A sigmoid module called here (`self.act(x)`), not one inside a called submodule.
        return (
            isinstance(value, TensorValue)
            and value.activation is Activation.SIGMOID
            and value.origin is not None
            and value.origin.node is not None
            and self.facts.qualify(value.origin.node.func) in _SATURATING  # type: ignore[attr-defined]
            and self._attribute_module(call) is not None
        )

    def _attribute_module(self, call: cst.Call) -> Binding | None:
        """`self.act(x)`: the binding of `self.act` in the class."""
        key = dotted(call.func)
        klass = self.scope.klass
        if key is None or not key.startswith("self.") or klass is None:
            return None
        return self.facts.class_binding(klass, key)

    def _normalizing_layer(self, call: cst.Call) -> bool:
        binding = self._attribute_module(call)
        built = binding.value if binding is not None else None
        if not isinstance(built, cst.Call):
            return False
        return _normalization_layer(self.facts.qualify(built.func))

    def _loop_over_known_layers(self, binding: Binding) -> int | None:
        """`for layer in self.layers:` around `binding`, with `self.layers` a ModuleList of a
        length the code shows (a list of layers, or a comprehension over `range(N)`)."""
        for loop in self.scope.loops:
            if not loop.contains(binding.order) or not isinstance(loop.node, cst.For):
                continue
            key = dotted(loop.node.iter)
            klass = self.scope.klass
            if key is None or not key.startswith("self.") or klass is None:
                return None
            built = self.facts.class_binding(klass, key)
            if built is None or not isinstance(built.value, cst.Call) or not built.value.args:
                return None
            return _literal_length(built.value.args[0].value)
        return None


def _literal_length(layers: cst.BaseExpression) -> int | None:
    if isinstance(layers, cst.List) and not any(
        isinstance(e, cst.StarredElement) for e in layers.elements
    ):
        return len(layers.elements)
    if isinstance(layers, cst.ListComp) and layers.for_in.inner_for_in is None:
        source = layers.for_in.iter
        if (
            isinstance(source, cst.Call)
            and dotted(source.func) == "range"
            and len(source.args) == 1
            and isinstance(source.args[0].value, cst.Integer)
        ):
            return int(source.args[0].value.value)
    return None


def _normalization_layer(qualname: str | None) -> bool:
    """`BatchNorm1d`, `LayerNorm`, `GroupNorm`, `InstanceNorm2d`, ..."""
    return qualname is not None and "Norm" in last_name(qualname)


_FIX = (
    "Use ReLU/GELU (or tanh) for hidden layers, or add BatchNorm/LayerNorm: each sigmoid "
    "multiplies the gradient by at most 0.25, so the first layers barely learn."
)


def _forward_message(forward: Scope, depth: int) -> str:
    klass = forward.klass.name if forward.klass is not None else "the model"
    return (
        f"`{klass}.forward` passes its input through {depth} sigmoid layers in a row without "
        f"normalization"
    )


def _message(count: int, kinds: str) -> str:
    return f"this model stacks {count} hidden {kinds} activations without normalization"
