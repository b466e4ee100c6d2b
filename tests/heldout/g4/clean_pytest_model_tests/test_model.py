import pytest
import torch
import torch.nn.functional as F

from model import TinyEffNet, count_parameters


@pytest.fixture
def model():
    torch.manual_seed(0)
    return TinyEffNet(num_classes=10, width=16)


@pytest.mark.parametrize("size", [32, 64, 97])
def test_output_shape(model, size):
    x = torch.randn(2, 3, size, size)
    out = model(x)
    assert out.shape == (2, 10)


def test_backward_reaches_every_parameter(model):
    x = torch.randn(4, 3, 64, 64)
    y = torch.randint(0, 10, (4,))
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    for name, p in model.named_parameters():
        assert p.grad is not None, name
        assert torch.isfinite(p.grad).all(), name


def test_single_step_reduces_loss(model):
    x = torch.randn(8, 3, 32, 32)
    y = torch.randint(0, 10, (8,))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    before = F.cross_entropy(model(x), y)
    opt.zero_grad()
    before.backward()
    opt.step()
    after = F.cross_entropy(model(x), y)
    assert after.item() < before.item()


def test_train_mode_is_stochastic(model):
    x = torch.randn(4, 3, 32, 32)
    a = model(x)
    b = model(x)
    assert not torch.allclose(a, b)


def test_eval_mode_is_deterministic(model):
    model.eval()
    x = torch.randn(4, 3, 32, 32)
    with torch.no_grad():
        a = model(x)
        b = model(x)
    assert torch.allclose(a, b)


def test_batchnorm_running_stats_update_only_in_train(model):
    bn = model.stem[1]
    x = torch.randn(4, 3, 32, 32) * 3 + 1
    before = bn.running_mean.clone()
    model.eval()
    model(x)
    assert torch.equal(before, bn.running_mean)
    model.train()
    model(x)
    assert not torch.equal(before, bn.running_mean)


def test_parameter_budget():
    assert count_parameters(TinyEffNet(num_classes=100)) < 2_000_000
