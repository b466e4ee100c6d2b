from tests.marked import assert_marked, snippet_tests

FLAGGED = {
    "update_helper_clears_gradients_before_its_step": """
        import torch

        def apply_update(opt, net, clip=1.0):
            opt.zero_grad()
            torch.nn.utils.clip_grad_norm_(net.parameters(), clip)
            opt.step()

        def run_epoch(net, opt, batches, loss_fn):
            for xb, yb in batches:
                loss_fn(net(xb), yb).backward()
                apply_update(opt, net)  # <- TL002
    """,
    "update_method_clears_gradients_before_its_step": """
        import torch

        class Fitter:
            def __init__(self, net):
                self.net = net
                self.optim = torch.optim.Adam(net.parameters())

            def _commit(self):
                self.optim.zero_grad(set_to_none=True)
                self.optim.step()

            def epoch(self, batches, loss_fn):
                for xb, yb in batches:
                    loss = loss_fn(self.net(xb), yb)
                    loss.backward()
                    self._commit()  # <- TL002
    """,
    "step_in_a_helper_method_of_the_trainer": """
        import torch
        import torch.nn.functional as F

        class Learner:
            def __init__(self, net, lr):
                self.net = net
                self.opt = torch.optim.AdamW(net.parameters(), lr=lr)

            def _apply_update(self):
                self.opt.step()

            def step_batch(self, inputs, targets):
                loss = F.cross_entropy(self.net(inputs), targets)
                loss.backward()
                self._apply_update()

            def run(self, batches):
                for inputs, targets in batches:
                    self.step_batch(inputs, targets)  # <- TL002
    """,
    "one_step_function_called_from_the_epoch_loop": """
        import torch

        def sgd_step(net, optim, xb, yb, loss_fn):
            loss = loss_fn(net(xb), yb)
            loss.backward()
            optim.step()
            return loss.item()

        def fit(net, dl, loss_fn, epochs=5):
            optim = torch.optim.SGD(net.parameters(), lr=1e-2)
            for _ in range(epochs):
                for xb, yb in dl:
                    sgd_step(net, optim, xb, yb, loss_fn)  # <- TL002
    """,
    "top_level_loop_without_reset": """
        import torch
        import torch.nn.functional as F

        model = Net()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for x, y in loader:
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()  # <- TL002
    """,
    "train_epoch_function": """
        import torch


        def train_epoch(model, optimizer, loader, criterion):
            model.train()
            for inputs, targets in loader:
                outputs = model(inputs)
                loss = criterion(outputs, targets)
                loss.backward()
                optimizer.step()  # <- TL002
    """,
    "trainer_method": """
        import torch

        class Trainer:
            def __init__(self, model):
                self.model = model
                self.optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

            def train(self, loader):
                for batch in loader:
                    loss = self.model(batch).mean()
                    loss.backward()
                    self.optimizer.step()  # <- TL002
    """,
    "reset_between_backward_and_step": """
        import torch

        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for x, y in loader:
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.zero_grad()  # <- TL002
            optimizer.step()
    """,
    "reset_only_once_per_epoch": """
        import torch

        optimizer = torch.optim.Adam(model.parameters())
        for epoch in range(10):
            optimizer.zero_grad()
            for x, y in loader:
                criterion(model(x), y).backward()
                optimizer.step()  # <- TL002
    """,
    "accumulation_that_never_resets_after_stepping": """
        import torch

        optimizer = torch.optim.AdamW(model.parameters())
        for epoch in range(3):
            optimizer.zero_grad()
            for i, batch in enumerate(loader):
                (model(batch).loss / 4).backward()
                if (i + 1) % 4 == 0:
                    optimizer.step()  # <- TL002
    """,
    "amp_scaler_without_reset": """
        import torch

        scaler = torch.cuda.amp.GradScaler()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for x, y in loader:
            with torch.autocast("cuda"):
                loss = criterion(model(x), y)
            scaler.scale(loss).backward()
            scaler.step(optimizer)  # <- TL002
            scaler.update()
    """,
    "aliased_optimizer_module": """
        import torch.optim as O

        net = Net()
        opt = O.Adam(net.parameters())
        for data in loader:
            err = net(data).pow(2).mean()
            err.backward()
            opt.step()  # <- TL002
    """,
    "gan_generator_never_reset": """
        import torch.optim as optim

        optimizerD = optim.Adam(netD.parameters(), lr=2e-4)
        optimizerG = optim.Adam(netG.parameters(), lr=2e-4)
        for real in loader:
            netD.zero_grad()
            errD = criterion(netD(real), ones)
            errD.backward()
            optimizerD.step()
            errG = criterion(netD(netG(noise)), ones)
            errG.backward()
            optimizerG.step()  # <- TL002
    """,
    "while_loop": """
        import torch

        optimizer = torch.optim.SGD(policy.parameters(), lr=0.01)
        step = 0
        while step < 1000:
            loss = -policy(obs).log_prob(action).mean()
            loss.backward()
            optimizer.step()  # <- TL002
            step += 1
    """,
    "resets_another_models_gradients": """
        import torch

        opt_a = torch.optim.SGD(encoder.parameters(), lr=0.1)
        opt_b = torch.optim.SGD(decoder.parameters(), lr=0.1)
        for x in loader:
            decoder.zero_grad()
            loss = (decoder(encoder(x)) - x).pow(2).mean()
            loss.backward()
            opt_a.step()  # <- TL002
            opt_b.step()
    """,
    "model_reset_wipes_gradients_in_class": """
        import torch

        class Learner:
            def __init__(self, net):
                self.net = net
                self.opt = torch.optim.Adam(net.parameters())

            def fit(self, loader):
                for x, y in loader:
                    self.loss_fn(self.net(x), y).backward()
                    self.net.zero_grad()  # <- TL002
                    self.opt.step()
    """,
    "grads_set_to_none_before_step": """
        import torch

        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for x, y in loader:
            criterion(model(x), y).backward()
            for p in model.parameters():
                p.grad = None  # <- TL002
            optimizer.step()
    """,
    "helper_that_does_not_reset": """
        import torch

        def log_metrics(loss):
            print(loss.item())

        optimizer = torch.optim.Adam(model.parameters())
        for x, y in loader:
            loss = criterion(model(x), y)
            loss.backward()
            log_metrics(loss)
            optimizer.step()  # <- TL002
    """,
}

CLEAN = {
    "update_helper_steps_then_clears": """
        import torch

        def apply_update(opt, net, clip=1.0):
            torch.nn.utils.clip_grad_norm_(net.parameters(), clip)
            opt.step()
            opt.zero_grad()

        def run_epoch(net, opt, batches, loss_fn):
            for xb, yb in batches:
                loss_fn(net(xb), yb).backward()
                apply_update(opt, net)
    """,
    "update_helper_clears_then_backpropagates_then_steps": """
        import torch

        def apply_update(opt, loss):
            opt.zero_grad()
            loss.backward()
            opt.step()

        def run_epoch(net, opt, batches, loss_fn):
            for xb, yb in batches:
                loss = loss_fn(net(xb), yb)
                apply_update(opt, loss)
    """,
    "helper_resets_after_its_step": """
        import torch

        class Learner:
            def __init__(self, net):
                self.net = net
                self.opt = torch.optim.AdamW(net.parameters())

            def _apply_update(self):
                self.opt.step()
                self.opt.zero_grad(set_to_none=True)

            def run(self, batches):
                for inputs, targets in batches:
                    self.net(inputs).sum().backward()
                    self._apply_update()
    """,
    "caller_resets_before_the_one_step_function": """
        import torch

        def sgd_step(net, optim, xb, yb, loss_fn):
            loss = loss_fn(net(xb), yb)
            loss.backward()
            optim.step()

        def fit(net, dl, loss_fn):
            optim = torch.optim.SGD(net.parameters(), lr=1e-2)
            for xb, yb in dl:
                optim.zero_grad()
                sgd_step(net, optim, xb, yb, loss_fn)
    """,
    "helper_resets_the_parameters_gradients_itself": """
        import torch

        def clear(net):
            for p in net.parameters():
                p.grad = None

        def sgd_step(net, optim, xb, yb):
            clear(net)
            net(xb).sum().backward()
            optim.step()

        def fit(net, dl):
            optim = torch.optim.SGD(net.parameters(), lr=1e-2)
            for xb, yb in dl:
                sgd_step(net, optim, xb, yb)
    """,
    "canonical_order": """
        import torch

        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
    """,
    "reset_at_end_of_iteration": """
        import torch

        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for x, y in loader:
            criterion(model(x), y).backward()
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
    """,
    "gradient_accumulation": """
        import torch

        accumulation_steps = 4
        optimizer = torch.optim.AdamW(model.parameters())
        for i, (x, y) in enumerate(loader):
            loss = criterion(model(x), y) / accumulation_steps
            loss.backward()
            if (i + 1) % accumulation_steps == 0:
                optimizer.step()
                optimizer.zero_grad()
    """,
    "model_zero_grad": """
        import torch

        optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
        for x, y in loader:
            net.zero_grad()
            criterion(net(x), y).backward()
            optimizer.step()
    """,
    "grads_set_to_none_by_hand": """
        import torch

        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for x, y in loader:
            for p in model.parameters():
                p.grad = None
            criterion(model(x), y).backward()
            optimizer.step()
    """,
    "reset_in_local_helper": """
        import torch

        def reset(opt):
            opt.zero_grad(set_to_none=True)

        def train(model, optimizer, loader):
            for x, y in loader:
                reset(optimizer)
                criterion(model(x), y).backward()
                optimizer.step()
    """,
    "reset_in_method_helper": """
        import torch

        class Trainer:
            def _clear(self):
                for p in self.model.parameters():
                    if p.grad is not None:
                        p.grad.zero_()

            def fit(self, loader):
                for x in loader:
                    self._clear()
                    self.model(x).sum().backward()
                    self.optimizer.step()
    """,
    "amp_with_reset": """
        import torch

        scaler = torch.cuda.amp.GradScaler()
        for x, y in loader:
            optimizer.zero_grad()
            with torch.autocast("cuda"):
                loss = criterion(model(x), y)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
    """,
    "dcgan_style": """
        import torch.optim as optim

        optimizerD = optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
        optimizerG = optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
        for epoch in range(25):
            for i, data in enumerate(dataloader, 0):
                netD.zero_grad()
                errD_real = criterion(netD(data[0]), label)
                errD_real.backward()
                fake = netG(noise)
                errD_fake = criterion(netD(fake.detach()), label)
                errD_fake.backward()
                optimizerD.step()
                netG.zero_grad()
                errG = criterion(netD(fake), label)
                errG.backward()
                optimizerG.step()
    """,
    "lbfgs_closure": """
        import torch

        optimizer = torch.optim.LBFGS(model.parameters())
        for i in range(20):
            def closure():
                optimizer.zero_grad()
                loss = criterion(model(x), y)
                loss.backward()
                return loss
            optimizer.step(closure)
    """,
    "environment_step_is_not_an_optimizer": """
        import torch

        optimizer = torch.optim.Adam(policy.parameters())
        for episode in range(100):
            obs, reward, done, info = env.step(action)
            optimizer.zero_grad()
            loss = -(policy(obs) * reward).mean()
            loss.backward()
            optimizer.step()
            scheduler.step()
    """,
    "xla_optimizer_step": """
        import torch
        import torch_xla.core.xla_model as xm

        for x, y in loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            xm.optimizer_step(optimizer)
    """,
    "micro_batches_inside_step_loop": """
        import torch

        for batch in loader:
            optimizer.zero_grad()
            for chunk in batch.split(8):
                (criterion(model(chunk), chunk) / 4).backward()
            optimizer.step()
    """,
    "optimizer_over_chained_parameters": """
        import itertools
        import torch

        optimizer = torch.optim.Adam(itertools.chain(encoder.parameters(), decoder.parameters()))
        for x in loader:
            optimizer.zero_grad()
            loss = (decoder(encoder(x)) - x).pow(2).mean()
            loss.backward()
            optimizer.step()
    """,
    "step_without_backward_in_loop": """
        import torch

        for epoch in range(10):
            train_one_epoch(model, optimizer, loader)
            scheduler.step()
            optimizer.step()
    """,
    "fresh_optimizer_every_iteration_numeric_check": """
        import torch.optim as optim

        def run_model(model_base, model_input, num_iterations=10):
            for i in range(num_iterations):
                pred = model_base(*model_input)
                pred[0].sum().backward(retain_graph=True)
                optimizer_base = optim.SGD(model_base.parameters(), lr=0.01)
                optimizer_base.step()
    """,
    "reset_each_of_several_optimizers": """
        import torch

        optimizers = [torch.optim.SGD(m.parameters(), lr=0.1) for m in models]
        for x in loader:
            for opt in optimizers:
                opt.zero_grad()
            sum(m(x).sum() for m in models).backward()
            for opt in optimizers:
                opt.step()
    """,
}


test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_missing_reset_message_names_the_optimizer_and_the_fix():
    (finding,) = assert_marked(FLAGGED["trainer_method"])
    assert finding.message.startswith("`self.optimizer` is stepped in this loop")
    assert "Call `self.optimizer.zero_grad()` once per iteration" in finding.help


def test_wiping_reset_points_at_backward_and_step():
    (finding,) = assert_marked(FLAGGED["reset_between_backward_and_step"])
    assert "after `backward()` on line 7" in finding.message
    assert "steps on line 9" in finding.message
    assert [r.line for r in finding.related] == [7, 9]


def test_reset_in_a_helper_before_its_step_names_the_helper_and_lines():
    (finding,) = assert_marked(FLAGGED["update_helper_clears_gradients_before_its_step"])
    assert finding.message.startswith("`apply_update(...)` resets the gradients (line 5)")
    assert "`backward()` on line 11" in finding.message
    assert "steps `opt` (line 7)" in finding.message
    assert [r.line for r in finding.related] == [11, 5, 7]
