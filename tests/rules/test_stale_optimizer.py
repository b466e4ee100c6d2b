import textwrap

from tests.marked import assert_marked, snippet_tests


def _trainer(rollback: str, after: str = "") -> str:
    """A trainer given its model and optimizer, whose `_after_epoch` runs the statements
    `rollback` when the validation loss diverges, and whose `fit` runs `after` once the epochs
    are done."""
    return _TRAINER.format(
        rollback=textwrap.indent(rollback, " " * 20), after=textwrap.indent(after, " " * 16)
    )


_TRAINER = """
        import copy

        import torch

        class Trainer:
            def __init__(self, model, optimizer, loss_fn, device):
                self.model = model.to(device)
                self.optimizer = optimizer
                self.loss_fn = loss_fn
                self.best, self.best_loss = None, float("inf")

            def train_epoch(self, loader):
                self.model.train()
                for x, y in loader:
                    self.optimizer.zero_grad()
                    self.loss_fn(self.model(x), y).backward()
                    self.optimizer.step()

            def _after_epoch(self, val_loss):
                if val_loss < self.best_loss:
                    self.best_loss, self.best = val_loss, copy.deepcopy(self.model)
                elif self.best is not None and val_loss > 2 * self.best_loss:
{rollback}

            def fit(self, train_loader, val_loader, epochs):
                for epoch in range(epochs):
                    self.train_epoch(train_loader)
                    self._after_epoch(self.validate(val_loader))
{after}
    """


def _grouped_setup(then: str) -> str:
    """A setup helper that builds its optimizer from weight-decay groups of the model, then,
    given a checkpoint, runs the statements `then` (the first indented under the `if`)."""
    first, _, rest = then.partition("\n")
    return (
        _GROUPED_SETUP + textwrap.indent(first, " " * 16) + "\n" + textwrap.indent(rest, " " * 12)
    )


_GROUPED_SETUP = """
        import torch

        def weight_decay_groups(module, decay):
            with_decay, without_decay = [], []
            for name, p in module.named_parameters():
                (without_decay if name.endswith("bias") else with_decay).append(p)
            return [{"params": with_decay, "weight_decay": decay}, {"params": without_decay}]

        def build_optimizer(cfg, module):
            groups = weight_decay_groups(module, cfg["wd"])
            return torch.optim.SGD(groups, lr=cfg["lr"], momentum=0.9)

        def setup(cfg):
            model = build_model(cfg)
            optimizer = build_optimizer(cfg, model)
            if cfg.get("init_from"):
"""


FLAGGED = {
    "setup_helper_returns_a_reloaded_model_with_the_old_optimizer": """
        import torch

        def setup(cfg):
            net = Net(cfg.width)
            opt = torch.optim.Adam(net.parameters(), lr=cfg.lr)
            if cfg.resume:
                net = torch.load(cfg.resume)  # <- TL001
            return net, opt
    """,
    "best_copy_restored_inside_the_epoch_loop": """
        import copy
        import torch

        model = Net()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        best = copy.deepcopy(model)
        for epoch in range(20):
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
            if val_loss(model) > best_loss:
                model = best  # <- TL001
    """,
    "recreated_at_top_level": """
        import torch
        from torch import nn, optim

        model = nn.Linear(10, 2)
        optimizer = optim.SGD(model.parameters(), lr=0.1)
        model = nn.Linear(10, 2)  # <- TL001
        for x, y in loader:
            optimizer.zero_grad()
            nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
    """,
    "deepcopy_in_main": """
        import copy
        import torch

        def main(model, loader):
            optimizer = torch.optim.Adam(model.parameters())
            model = copy.deepcopy(model)  # <- TL001
            for x, y in loader:
                optimizer.zero_grad()
                loss = model(x).sum()
                loss.backward()
                optimizer.step()
    """,
    "factory_rebuild_then_helper": """
        import torch.optim as optim

        def run(cfg, loader):
            model = build_model(cfg)
            optimizer = optim.AdamW(model.parameters(), lr=3e-4)
            if cfg.resume:
                model = build_model(cfg)  # <- TL001
            train(model, optimizer, loader)
    """,
    "trainer_init_wraps_with_deepcopy": """
        import copy
        import torch

        class Trainer:
            def __init__(self, model):
                self.model = model
                self.optimizer = torch.optim.SGD(self.model.parameters(), lr=0.01)
                self.model = copy.deepcopy(self.model)  # <- TL001

            def fit(self, loader):
                for x, y in loader:
                    self.optimizer.zero_grad()
                    self.model(x).sum().backward()
                    self.optimizer.step()
    """,
    "trainer_reloads_model_in_other_method": """
        import torch

        class Trainer:
            def __init__(self, net):
                self.net = net
                self.opt = torch.optim.Adam(self.net.parameters())

            def load(self, path):
                self.net = torch.load(path)  # <- TL001

            def step(self, x):
                self.opt.zero_grad()
                self.net(x).mean().backward()
                self.opt.step()
    """,
    "aliased_imports": """
        import torch.optim as O
        from torch.optim import Adam as A
        from mymodels import ResNet

        net = ResNet()
        opt = A(net.parameters(), lr=1e-3)
        net = ResNet(depth=50)  # <- TL001
        for batch in loader:
            opt.zero_grad()
            net(batch).sum().backward()
            opt.step()
    """,
    "filter_requires_grad": """
        import torch

        model = Net()
        optimizer = torch.optim.SGD(filter(lambda p: p.requires_grad, model.parameters()), lr=0.1)
        model = Net()  # <- TL001
        for x, y in loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
    """,
    "param_groups": """
        import torch

        model = Detector()
        optimizer = torch.optim.SGD(
            [
                {"params": model.backbone.parameters(), "lr": 1e-4},
                {"params": model.head.parameters()},
            ],
            lr=1e-2,
        )
        model = Detector(pretrained=True)  # <- TL001
        for images, targets in loader:
            optimizer.zero_grad()
            model(images, targets).backward()
            optimizer.step()
    """,
    "head_replaced_after_optimizer": """
        import torch
        import torch.nn as nn
        import torchvision

        model = torchvision.models.resnet18(weights="DEFAULT")
        optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
        model.fc = nn.Linear(model.fc.in_features, 10)  # <- TL001
        for inputs, labels in loader:
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(inputs), labels)
            loss.backward()
            optimizer.step()
    """,
    "kfold_nested_loops": """
        import torch
        from torch import nn

        model = Net()
        optimizer = torch.optim.Adam(model.parameters())
        for fold in range(5):
            model = Net()  # <- TL001
            for epoch in range(10):
                for x, y in loaders[fold]:
                    optimizer.zero_grad()
                    nn.functional.cross_entropy(model(x), y).backward()
                    optimizer.step()
    """,
    "parameters_through_a_variable": """
        import torch

        def train(loader):
            model = Net()
            params = model.parameters()
            optimizer = torch.optim.RMSprop(params, lr=1e-3)
            model = Net().cuda()  # <- TL001
            for x, y in loader:
                optimizer.zero_grad()
                model(x).sum().backward()
                optimizer.step()
    """,
    "local_optimizer_factory": """
        import timm
        import torch

        def make_optimizer(m):
            return torch.optim.AdamW(m.parameters(), lr=1e-3)

        model = timm.create_model("resnet50")
        opt = make_optimizer(model)
        model = timm.create_model("resnet50", pretrained=True)  # <- TL001
        for x, y in loader:
            opt.zero_grad()
            model(x).sum().backward()
            opt.step()
    """,
    "named_parameters_comprehension": """
        import torch

        model = Bert()
        decay = [p for n, p in model.named_parameters() if "bias" not in n]
        optimizer = torch.optim.AdamW(decay, lr=5e-5)
        model = Bert.from_pretrained("bert-base-uncased")  # <- TL001
        for batch in loader:
            optimizer.zero_grad()
            model(**batch).loss.backward()
            optimizer.step()
    """,
    "amp_scaler_step": """
        import torch

        model = Net().cuda()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        scaler = torch.cuda.amp.GradScaler()
        model = Net().cuda()  # <- TL001
        for x, y in loader:
            optimizer.zero_grad()
            with torch.autocast("cuda"):
                loss = model(x).sum()
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
    """,
    "torchvision_from_import": """
        from torch import optim
        from torchvision import models

        def main():
            model = models.resnet18()
            optimizer = optim.SGD(model.parameters(), lr=0.1)
            model = models.resnet50()  # <- TL001
            fit(model, optimizer)
    """,
    "annotated_rebinding": """
        import torch
        from torch import nn

        model: nn.Module = Net()
        optimizer = torch.optim.Adam(model.parameters())
        model: nn.Module = Net()  # <- TL001
        for x in loader:
            optimizer.zero_grad()
            model(x).sum().backward()
            optimizer.step()
    """,
    "entry_of_a_loaded_checkpoint_returned_with_the_optimizer": """
        import torch

        def prepare(cfg, device):
            encoder = Encoder(cfg.dim).to(device)
            opt = torch.optim.AdamW(encoder.parameters(), lr=cfg.lr)
            if cfg.restart_from:
                snapshot = torch.load(cfg.restart_from, map_location=device)
                encoder = snapshot["encoder"].to(device)  # <- TL001
                opt.load_state_dict(snapshot["opt"])
            return encoder, opt
    """,
    "attribute_of_a_loaded_object_in_another_method": """
        import torch

        class Runner:
            def __init__(self, net):
                self.net = net
                self.opt = torch.optim.SGD(self.net.parameters(), lr=0.05)

            def restore(self, path):
                self.net = torch.load(path).network  # <- TL001

            def epoch(self, batches):
                for x, y in batches:
                    self.opt.zero_grad()
                    self.net(x).sub(y).pow(2).mean().backward()
                    self.opt.step()
    """,
    "helper_returns_a_best_copy_inside_a_tuple": """
        import copy
        import torch

        def phase(net, opt, batches, epochs):
            top, top_score = None, -1.0
            for _ in range(epochs):
                for x, y in batches:
                    opt.zero_grad()
                    torch.nn.functional.cross_entropy(net(x), y).backward()
                    opt.step()
                score = measure(net)
                if score > top_score:
                    top, top_score = copy.deepcopy(net), score
            return top, top_score

        def main(phases):
            net = Net()
            opt = torch.optim.SGD(net.parameters(), lr=0.01)
            for batches, epochs in phases:
                net, score = phase(net, opt, batches, epochs)  # <- TL001
    """,
    "script_level_rollback_seen_by_the_training_function": """
        import copy
        import torch

        net = Net()
        opt = torch.optim.SGD(net.parameters(), lr=1.0)

        def run_epoch():
            net.train()
            for x, y in batches:
                opt.zero_grad()
                torch.nn.functional.cross_entropy(net(x), y).backward()
                opt.step()

        snapshot, lowest = None, float("inf")
        for epoch in range(30):
            run_epoch()
            current = held_out_loss()
            if current < lowest:
                lowest, snapshot = current, copy.deepcopy(net)
            else:
                net = snapshot  # <- TL001
    """,
    "optimizer_groups_collected_from_named_parameters": """
        import torch

        def make_opt(net, lr):
            with_decay, without_decay = [], []
            for name, p in net.named_parameters():
                (without_decay if p.ndim == 1 else with_decay).append(p)
            return torch.optim.AdamW(
                [{"params": with_decay, "weight_decay": 0.05}, {"params": without_decay}], lr=lr
            )

        def main(cfg):
            net = build(cfg)
            opt = make_opt(net, cfg.lr)
            if cfg.warm_start:
                net = build(cfg, weights=cfg.warm_start)  # <- TL001
            for x, y in batches:
                opt.zero_grad()
                loss_fn(net(x), y).backward()
                opt.step()
    """,
    "optimizer_factory_takes_groups_from_a_grouping_helper": _grouped_setup(
        'model = torch.load(cfg["init_from"], weights_only=False)  # <- TL001\n'
        'return model.to("cuda"), optimizer'
    ),
    "trainer_rolls_back_to_a_copy_between_epochs": _trainer(
        "self.model = copy.deepcopy(self.best)  # <- TL001"
    ),
    "trainer_restores_a_snapshot_inside_its_epoch_loop": """
        import copy

        import torch

        class Engine:
            def __init__(self, net, opt, criterion):
                self.net, self.opt, self.criterion = net, opt, criterion

            def step(self, batch):
                x, y = batch
                self.opt.zero_grad()
                loss = self.criterion(self.net(x), y)
                loss.backward()
                self.opt.step()
                return loss.item()

            def run(self, loader, epochs, evaluate):
                snapshot, best = copy.deepcopy(self.net), 0.0
                for epoch in range(epochs):
                    for batch in loader:
                        self.step(batch)
                    score = evaluate(self.net)
                    if score >= best:
                        best, snapshot = score, copy.deepcopy(self.net)
                    else:
                        self.net = copy.deepcopy(snapshot)  # <- TL001
    """,
    "wrapper_module_adds_a_head_after_the_optimizer": """
        import torch
        from torch import nn

        class WithClassifier(nn.Module):
            def __init__(self, trunk, width, classes):
                super().__init__()
                self.trunk = trunk
                self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(width, classes))

            def forward(self, x):
                return self.classifier(self.trunk(x))

        trunk = Trunk()
        opt = torch.optim.Adam(trunk.parameters(), lr=1e-4)
        trunk = WithClassifier(trunk, 512, 7).cuda()  # <- TL001
        for x, y in batches:
            opt.zero_grad()
            nn.functional.cross_entropy(trunk(x), y).backward()
            opt.step()
    """,
}

CLEAN = {
    "trainer_rolls_back_weights_in_place": _trainer(
        "self.model.load_state_dict(self.best.state_dict())"
    ),
    "trainer_rolls_back_and_rebuilds_its_optimizer": _trainer(
        "self.model = copy.deepcopy(self.best)\n"
        "self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-4)"
    ),
    "trainer_returns_the_best_copy_after_training": _trainer(
        "pass", "self.model = copy.deepcopy(self.best)\nreturn self.model\n"
    ),
    "optimizer_factory_groups_then_weights_loaded_in_place": _grouped_setup(
        'model.load_state_dict(torch.load(cfg["init_from"]))\n'
        'model = model.to("cuda")\n'
        "return model, optimizer"
    ),
    "grouping_helper_of_another_model": """
        import torch

        def head_groups(head, lr):
            return [{"params": head.parameters(), "lr": lr}]

        def setup(cfg):
            backbone = build_backbone(cfg)
            head = build_head(cfg)
            optimizer = torch.optim.AdamW(head_groups(head, cfg["lr"]))
            backbone = torch.load(cfg["backbone"], weights_only=False)
            return backbone, head, optimizer
    """,
    "alias_of_the_same_model_restored": """
        import torch
        from torch import nn

        net = nn.Linear(16, 4)
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        keep = net
        for epoch in range(10):
            for x, y in batches:
                opt.zero_grad()
                loss_fn(net(x), y).backward()
                opt.step()
            net = keep
    """,
    "helper_returns_its_argument_inside_a_tuple": """
        import torch

        def phase(net, opt, batches):
            for x, y in batches:
                opt.zero_grad()
                loss_fn(net(x), y).backward()
                opt.step()
            return net, measure(net)

        def main(phases):
            net = Net()
            opt = torch.optim.SGD(net.parameters(), lr=0.01)
            for batches in phases:
                net, score = phase(net, opt, batches)
    """,
    "wrapper_without_layers_of_its_own": """
        import torch
        from torch import nn

        class Regularized(nn.Module):
            def __init__(self, inner, p):
                super().__init__()
                self.inner = inner
                self.drop = nn.Dropout(p)
                self.flat = nn.Flatten()

            def forward(self, x):
                return self.drop(self.flat(self.inner(x)))

        net = Net()
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        net = Regularized(net, 0.1)
        for x, y in batches:
            opt.zero_grad()
            nn.functional.mse_loss(net(x), y).backward()
            opt.step()
    """,
    "checkpoint_entry_loaded_into_the_same_model": """
        import torch

        def prepare(cfg, device):
            encoder = Encoder(cfg.dim)
            opt = torch.optim.AdamW(encoder.parameters(), lr=cfg.lr)
            snapshot = torch.load(cfg.restart_from, map_location=device)
            encoder.load_state_dict(snapshot["encoder"])
            encoder = encoder.to(device)
            return encoder, opt
    """,
    "script_level_rollback_only_evaluated_afterwards": """
        import copy
        import torch

        net = Net()
        opt = torch.optim.SGD(net.parameters(), lr=1.0)

        def report():
            net.eval()
            with torch.no_grad():
                print(net(sample).argmax(1))

        snapshot = copy.deepcopy(net)
        for x, y in batches:
            opt.zero_grad()
            loss_fn(net(x), y).backward()
            opt.step()
        net = snapshot
        report()
    """,
    "groups_collected_from_another_model": """
        import torch

        head_groups = []
        for name, p in head.named_parameters():
            head_groups.append(p)
        opt = torch.optim.SGD([{"params": head_groups}], lr=0.1)
        backbone = Backbone()
        for x, y in batches:
            opt.zero_grad()
            loss_fn(head(backbone(x)), y).backward()
            opt.step()
    """,
    "setup_helper_loads_weights_into_the_same_model": """
        import torch

        def restore(net, path):
            net.load_state_dict(torch.load(path)["model"])
            return net

        def setup(cfg):
            net = Net(cfg.width)
            opt = torch.optim.Adam(net.parameters(), lr=cfg.lr)
            if cfg.resume:
                net = restore(net, cfg.resume)
            return net, opt
    """,
    "best_copy_restored_after_training": """
        import copy
        import torch

        model = Net()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        best = copy.deepcopy(model)
        for epoch in range(20):
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
        model = best
        print(evaluate(model))
    """,
    "moved_to_device": """
        import torch

        model = Net()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        model = model.to(device)
        model.cuda()
        model = model.train()
        for x, y in loader:
            optimizer.zero_grad()
            model(x).sum().backward()
            optimizer.step()
    """,
    "compiled_after_optimizer": """
        import torch

        model = Net()
        optimizer = torch.optim.AdamW(model.parameters())
        model = torch.compile(model)
        for x in loader:
            optimizer.zero_grad()
            model(x).sum().backward()
            optimizer.step()
    """,
    "wrapped_in_data_parallel": """
        import torch
        from torch import nn
        from torch.nn.parallel import DistributedDataParallel as DDP

        model = Net()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        model = nn.DataParallel(model)
        model = DDP(model, device_ids=[rank])
        for x in loader:
            optimizer.zero_grad()
            model(x).sum().backward()
            optimizer.step()
    """,
    "optimizer_recreated_after_model": """
        import torch

        model = Net()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        model = Net(width=2)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for x in loader:
            optimizer.zero_grad()
            model(x).sum().backward()
            optimizer.step()
    """,
    "rebound_model_only_evaluated": """
        import torch

        model = Net()
        optimizer = torch.optim.Adam(model.parameters())
        for x in loader:
            optimizer.zero_grad()
            model(x).sum().backward()
            optimizer.step()
        model = Net()
        model.load_state_dict(torch.load("best.pt"))
        model.eval()
        with torch.no_grad():
            predictions = model(test_x)
    """,
    "trainer_rebuilds_optimizer_with_model": """
        import torch

        class Trainer:
            def __init__(self, cfg):
                self.model = build(cfg)
                self.optimizer = torch.optim.Adam(self.model.parameters())

            def reset(self, cfg):
                self.model = build(cfg)
                self._build_optimizer()

            def _build_optimizer(self):
                self.optimizer = torch.optim.Adam(self.model.parameters())

            def step(self, x):
                self.optimizer.zero_grad()
                self.model(x).sum().backward()
                self.optimizer.step()
    """,
    "model_and_optimizer_per_fold": """
        import torch

        for fold in range(5):
            model = Net()
            optimizer = torch.optim.Adam(model.parameters())
            for x, y in loaders[fold]:
                optimizer.zero_grad()
                model(x).sum().backward()
                optimizer.step()
    """,
    "ema_copy_has_its_own_name": """
        import copy
        import torch

        model = Net()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        ema_model = copy.deepcopy(model)
        for x in loader:
            optimizer.zero_grad()
            model(x).sum().backward()
            optimizer.step()
            ema_update(ema_model, model)
    """,
    "head_replaced_before_optimizer": """
        import torch
        from torch import nn
        from torchvision import models

        model = models.resnet18(weights="DEFAULT")
        model.fc = nn.Linear(model.fc.in_features, 10)
        optimizer = torch.optim.SGD(model.fc.parameters(), lr=0.01)
        for x, y in loader:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
    """,
    "new_head_added_as_param_group": """
        import torch
        from torch import nn

        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        model.classifier = nn.Linear(768, 3)
        optimizer.add_param_group({"params": model.classifier.parameters()})
        for x, y in loader:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
    """,
    "weights_loaded_in_place": """
        import torch

        model = Net()
        optimizer = torch.optim.Adam(model.parameters())
        model.load_state_dict(torch.load("init.pt"))
        for x in loader:
            optimizer.zero_grad()
            model(x).sum().backward()
            optimizer.step()
    """,
    "teacher_is_a_different_model": """
        import torch

        student = Net()
        optimizer = torch.optim.Adam(student.parameters())
        teacher = Net(width=4)
        for x in loader:
            optimizer.zero_grad()
            with torch.no_grad():
                target = teacher(x)
            (student(x) - target).pow(2).mean().backward()
            optimizer.step()
    """,
    "non_module_attribute_assigned": """
        import torch

        model = Net()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        model.device = torch.device("cuda")
        model.training_steps = 0
        for x in loader:
            optimizer.zero_grad()
            model(x).sum().backward()
            optimizer.step()
    """,
    "optimizer_built_outside_init": """
        import torch

        class Module:
            def configure_optimizers(self):
                self.optimizer = torch.optim.Adam(self.model.parameters())

            def setup(self, cfg):
                self.model = build(cfg)

            def step(self, x):
                self.optimizer.zero_grad()
                self.model(x).sum().backward()
                self.optimizer.step()
    """,
    "model_method_returns_shared_weights": """
        import torch

        model = get_peft_model(base, lora_config)
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
        model = model.merge_and_unload()
        encoder = model.get_submodule("encoder")
        for batch in loader:
            optimizer.zero_grad()
            model(**batch).loss.backward()
            optimizer.step()
    """,
    "self_rebound_in_staticmethod": """
        import torch
        from torch import nn, optim

        class ParameterServer:
            def __init__(self):
                self.model = nn.Linear(4, 2)
                self.optimizer = optim.SGD(self.model.parameters(), lr=0.001)

            @staticmethod
            def update(ps_rref, grads):
                self = ps_rref.local_value()
                for p, g in zip(self.model.parameters(), grads):
                    p.grad = g
                self.optimizer.step()
                self.optimizer.zero_grad()
    """,
    "rebuilt_but_optimizer_never_steps_again": """
        import torch

        def main():
            model = Net()
            optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
            train(model, optimizer)
            model = Net()
            export(model)
    """,
    "scheduler_is_not_a_step": """
        import torch
        from torch.optim.lr_scheduler import StepLR

        model = Net()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        model = Net()
        scheduler = StepLR(optimizer, step_size=10)
        print(optimizer)
        predict(model)
    """,
}


test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_message_names_both_lines_and_the_fix():
    (finding,) = assert_marked(FLAGGED["recreated_at_top_level"])
    assert finding.message.startswith("`model` is re-created after `optimizer` was built")
    assert (
        "line 6" in finding.message and "Build the optimizer after the final model" in finding.help
    )
    assert [(r.line, r.message) for r in finding.related] == [(6, "`optimizer` is built here")]


def test_layer_replacement_message_suggests_add_param_group():
    (finding,) = assert_marked(FLAGGED["head_replaced_after_optimizer"])
    assert "`model.fc` is replaced after `optimizer` was built" in finding.message
    assert "add_param_group" in finding.help


def test_cross_method_rebinding_is_a_warning():
    (finding,) = assert_marked(FLAGGED["trainer_reloads_model_in_other_method"])
    assert finding.severity.value == "warning"


def test_rebinding_by_a_helper_names_the_helper():
    (finding,) = assert_marked(FLAGGED["helper_returns_a_best_copy_inside_a_tuple"])
    assert "re-created by `phase(...)` (line 5)" in finding.message


def test_wrapper_message_names_the_wrapper_and_its_new_layers():
    (finding,) = assert_marked(FLAGGED["wrapper_module_adds_a_head_after_the_optimizer"])
    assert "`trunk` is wrapped in `WithClassifier`" in finding.message
    assert "add_param_group" in finding.help
    assert (6, "`WithClassifier` adds layers with parameters of its own here") in [
        (r.line, r.message) for r in finding.related
    ]
