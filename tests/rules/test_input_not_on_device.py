from tests.marked import assert_marked, snippet_tests

FLAGGED = {
    "moved_copy_is_dropped": """
        import torch
        from torch.utils.data import DataLoader

        device = torch.device("cuda")
        model = Net().to(device)
        loader = DataLoader(dataset, batch_size=32, shuffle=True)
        for images, labels in loader:
            images.to(device)
            labels = labels.to(device)
            loss = criterion(model(images), labels)  # <- TL015
    """,
    "helper_loop_feeds_unmoved_batches": """
        import torch
        from torch.utils.data import DataLoader

        def run_epoch(net, batches, opt):
            for xb, yb in batches:
                opt.zero_grad()
                criterion(net(xb), yb).backward()
                opt.step()

        def main():
            net = Net().cuda()
            opt = torch.optim.SGD(net.parameters(), lr=0.1)
            run_epoch(net, DataLoader(dataset, batch_size=8, shuffle=True), opt)  # <- TL015
    """,
    "cast_to_a_cpu_tensor_type_is_no_move": """
        import torch
        from torch.utils.data import DataLoader

        model = Net().cuda()
        loader = DataLoader(dataset, batch_size=64, shuffle=True)
        for x, y in loader:
            x = x.type(torch.FloatTensor)
            loss = criterion(model(x), y)  # <- TL015
    """,
    "model_to_device_batches_not": """
        import torch
        from torch.utils.data import DataLoader

        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        model = Net().to(device)
        loader = DataLoader(dataset, batch_size=64, shuffle=True)
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)  # <- TL015
            loss.backward()
            optimizer.step()
    """,
    "model_cuda_in_function": """
        import torch

        def main(dataset):
            model = Classifier()
            model.cuda()
            loader = torch.utils.data.DataLoader(dataset, batch_size=32, shuffle=True)
            for images, labels in loader:
                outputs = model(images)  # <- TL015
                criterion(outputs, labels).backward()
    """,
    "enumerate_and_tqdm_wrappers": """
        import torch
        from torch.utils.data import DataLoader
        from tqdm import tqdm

        model = Net()
        model = model.to("cuda")
        train_loader = DataLoader(train_set, batch_size=16, shuffle=True)
        for i, (x, y) in enumerate(tqdm(train_loader)):
            pred = model(x)  # <- TL015
    """,
    "dict_batch": """
        import torch
        from torch.utils.data import DataLoader

        model = Encoder().to(device)
        loader = DataLoader(ds, batch_size=8, shuffle=True)
        for batch in loader:
            out = model(batch["image"])  # <- TL015
    """,
    "trainer_moves_model_in_init": """
        import torch
        from torch.utils.data import DataLoader

        class Trainer:
            def __init__(self, model, device):
                self.model = model.to(device)

            def fit(self, dataset):
                loader = DataLoader(dataset, batch_size=32, shuffle=True)
                for x, y in loader:
                    loss = self.loss(self.model(x), y)  # <- TL015
                    loss.backward()
    """,
    "evaluation_loop": """
        import torch
        from torch.utils.data import DataLoader

        model = Net().to(device)
        test_loader = DataLoader(test_set, batch_size=256)
        with torch.no_grad():
            for data, target in test_loader:
                correct += (model(data).argmax(1) == target).sum().item()  # <- TL015
    """,
    "aliased_dataloader": """
        import torch
        from torch.utils.data import DataLoader as DL

        net = torch.nn.Sequential(torch.nn.Linear(4, 2)).cuda()
        dl = DL(data, batch_size=4, shuffle=True)
        for inputs, targets in dl:
            net(inputs)  # <- TL015
    """,
    "model_built_and_moved_on_one_line": """
        import torch
        import torchvision

        model = torchvision.models.resnet18(num_classes=10).to(device)
        loader = torch.utils.data.DataLoader(train_set, batch_size=128, shuffle=True)
        for epoch in range(10):
            for images, labels in loader:
                optimizer.zero_grad()
                criterion(model(images), labels).backward()  # <- TL015
                optimizer.step()
    """,
    "helper_iterates_a_progress_bar_and_drops_the_move": """
        import torch
        from torch.utils.data import DataLoader
        from tqdm import tqdm

        def fit_epoch(net, batches, opt, dev):
            bar = tqdm(batches, leave=False)
            for clips, tags in bar:
                clips.to(dev)
                opt.zero_grad()
                criterion(net(clips), tags.to(dev)).backward()
                opt.step()

        def main():
            net = AudioNet().to("cuda")
            opt = torch.optim.Adam(net.parameters())
            fit_epoch(net, DataLoader(clips_set, batch_size=16, shuffle=True), opt, "cuda")  # <- TL015
    """,
    "only_one_entry_of_a_collated_dict_is_moved": """
        import torch
        from torch.utils.data import DataLoader

        def pad_batch(rows):
            tokens = torch.nn.utils.rnn.pad_sequence([torch.tensor(r[0]) for r in rows], batch_first=True)
            return {"tokens": tokens, "target": torch.tensor([r[1] for r in rows])}

        def make_loader(rows):
            return DataLoader(rows, batch_size=32, shuffle=True, collate_fn=pad_batch)

        encoder = TextNet().cuda()
        for batch in make_loader(corpus):
            target = batch["target"].cuda()
            scores = encoder(batch["tokens"])  # <- TL015
            criterion(scores, target).backward()
    """,
    "trainer_keeps_the_model_and_the_loader_it_is_given": """
        import torch
        from torch.utils.data import DataLoader

        class Runner:
            def __init__(self, net, batches, opt):
                self.net = net
                self.batches = batches
                self.opt = opt

            def epoch(self):
                for signal, tag in self.batches:
                    tag = tag.cuda()
                    self.opt.zero_grad()
                    criterion(self.net(signal), tag).backward()
                    self.opt.step()

        net = SignalNet().cuda()
        runner = Runner(net, DataLoader(signals, batch_size=8, shuffle=True), torch.optim.SGD(net.parameters(), lr=0.1))  # <- TL015
        runner.epoch()
    """,
    "step_helper_drops_the_move_of_the_batch_it_is_given": """
        import torch
        from torch.utils.data import DataLoader

        def fit_batch(net, batch, opt, device):
            x, y = batch
            x.cuda(non_blocking=True)
            y = y.cuda(non_blocking=True)
            opt.zero_grad()
            criterion(net(x), y).backward()
            opt.step()

        device = torch.device("cuda")
        net = Net().to(device)
        opt = torch.optim.Adam(net.parameters())
        for epoch in range(10):
            for batch in DataLoader(dataset, batch_size=32, shuffle=True):
                fit_batch(net, batch, opt, device)  # <- TL015
    """,
    "inference_helper_given_the_raw_images": """
        import torch
        from torch.utils.data import DataLoader

        def embed(encoder, images):
            with torch.no_grad():
                return encoder(images).flatten(1)

        encoder = Encoder().cuda()
        loader = DataLoader(gallery, batch_size=128)
        features = []
        for images, _ in loader:
            features.append(embed(encoder, images))  # <- TL015
    """,
}

CLEAN = {
    "step_helper_moves_the_batch_it_is_given": """
        import torch
        from torch.utils.data import DataLoader

        def fit_batch(net, batch, opt, device):
            x, y = batch
            x, y = x.to(device), y.to(device)
            opt.zero_grad()
            criterion(net(x), y).backward()
            opt.step()

        device = torch.device("cuda")
        net = Net().to(device)
        opt = torch.optim.Adam(net.parameters())
        for batch in DataLoader(dataset, batch_size=32, shuffle=True):
            fit_batch(net, batch, opt, device)
    """,
    "batch_moved_before_the_helper_that_does_not_move_it": """
        import torch
        from torch.utils.data import DataLoader

        def embed(encoder, images):
            with torch.no_grad():
                return encoder(images).flatten(1)

        encoder = Encoder().cuda()
        loader = DataLoader(gallery, batch_size=128)
        features = []
        for images, _ in loader:
            images = images.cuda(non_blocking=True)
            features.append(embed(encoder, images))
    """,
    "batch_moved_entry_by_entry_before_the_helper": """
        import torch
        from torch.utils.data import DataLoader

        def fit_batch(net, batch, opt):
            opt.zero_grad()
            net(batch[0]).loss.backward()
            opt.step()

        net = Net().to("cuda")
        opt = torch.optim.Adam(net.parameters())
        for batch in DataLoader(dataset, batch_size=32, shuffle=True):
            batch = [t.to("cuda") for t in batch]
            fit_batch(net, batch, opt)
    """,
    "step_helper_on_a_cpu_run": """
        import torch
        from torch.utils.data import DataLoader

        def fit_batch(net, batch, opt):
            x, y = batch
            opt.zero_grad()
            criterion(net(x), y).backward()
            opt.step()

        net = Net()
        opt = torch.optim.Adam(net.parameters())
        for batch in DataLoader(dataset, batch_size=32, shuffle=True):
            fit_batch(net, batch, opt)
    """,
    "lengths_stay_on_the_cpu_for_packing": """
        import torch
        from torch.utils.data import DataLoader

        def pad_batch(samples):
            seqs = [torch.tensor(s["ids"]) for s in samples]
            lengths = torch.tensor([len(s) for s in seqs])
            labels = torch.tensor([s["label"] for s in samples])
            return torch.nn.utils.rnn.pad_sequence(seqs, batch_first=True), lengths, labels

        def train(model, dataset, opt, loss_fn, device):
            model = model.to(device)
            loader = DataLoader(dataset, batch_size=32, shuffle=True, collate_fn=pad_batch)
            for ids, lengths, labels in loader:
                ids, labels = ids.to(device), labels.to(device)
                opt.zero_grad()
                loss_fn(model(ids, lengths), labels).backward()
                opt.step()
    """,
    "helper_loop_moves_the_batches": """
        import torch
        from torch.utils.data import DataLoader

        def run_epoch(net, batches, opt, device):
            for xb, yb in batches:
                xb, yb = xb.to(device), yb.to(device)
                opt.zero_grad()
                criterion(net(xb), yb).backward()
                opt.step()

        def main():
            net = Net().cuda()
            opt = torch.optim.SGD(net.parameters(), lr=0.1)
            run_epoch(net, DataLoader(dataset, batch_size=8, shuffle=True), opt, "cuda")
    """,
    "helper_given_a_model_left_on_the_cpu": """
        import torch
        from torch.utils.data import DataLoader

        def run_epoch(net, batches, opt):
            for xb, yb in batches:
                opt.zero_grad()
                criterion(net(xb), yb).backward()
                opt.step()

        net = Net()
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        run_epoch(net, DataLoader(dataset, batch_size=8, shuffle=True), opt)
    """,
    "batches_moved": """
        import torch
        from torch.utils.data import DataLoader

        model = Net().to(device)
        loader = DataLoader(dataset, batch_size=64, shuffle=True)
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            loss = criterion(model(x), y)
    """,
    "batches_moved_with_cuda": """
        import torch

        model = Net().cuda()
        loader = torch.utils.data.DataLoader(dataset, batch_size=64, shuffle=True)
        for images, labels in loader:
            images = images.cuda(non_blocking=True)
            labels = labels.cuda(non_blocking=True)
            model(images)
    """,
    "dict_batch_moved_in_comprehension": """
        import torch
        from torch.utils.data import DataLoader

        model = Bert().to(device)
        loader = DataLoader(ds, batch_size=8, shuffle=True)
        for batch in loader:
            batch = {k: v.to(device) for k, v in batch.items()}
            model(**batch)
    """,
    "model_on_cpu": """
        import torch
        from torch.utils.data import DataLoader

        model = Net().to("cpu")
        loader = DataLoader(dataset, batch_size=64, shuffle=True)
        for x, y in loader:
            model(x)
    """,
    "model_moved_elsewhere": """
        import torch

        def train(model, loader, optimizer):
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
    """,
    "helper_moves_the_batch": """
        import torch
        from torch.utils.data import DataLoader

        model = Net().to(device)
        loader = DataLoader(dataset, batch_size=64, shuffle=True)
        for batch in loader:
            x, y = prepare_batch(batch, device)
            model(x)
    """,
    "custom_collate_moves_data": """
        import torch
        from torch.utils.data import DataLoader

        model = Net().to(device)
        loader = DataLoader(dataset, batch_size=64, collate_fn=lambda b: default_collate(b).to(device))
        for x, y in loader:
            model(x)
    """,
    "accelerator_prepared_loader": """
        import torch
        from torch.utils.data import DataLoader

        model = Net().to(accelerator.device)
        loader = accelerator.prepare(DataLoader(dataset, batch_size=64, shuffle=True))
        for x, y in loader:
            model(x)
    """,
    "old_gan_style_type_casts_move": """
        import torch
        from torch.autograd import Variable
        from torch.utils.data import DataLoader

        cuda = torch.cuda.is_available()
        Tensor = torch.cuda.FloatTensor if cuda else torch.FloatTensor
        LongTensor = torch.cuda.LongTensor if cuda else torch.LongTensor
        generator = Generator()
        if cuda:
            generator.cuda()
        loader = DataLoader(dataset, batch_size=64, shuffle=True)
        for imgs, labels in loader:
            imgs = imgs.type(Tensor)
            labels = Variable(labels.type(LongTensor))
            loss = criterion(generator(imgs), labels)
    """,
    "dtype_conversion_is_not_a_device_move": """
        import torch
        from torch.utils.data import DataLoader

        model = Net().to(dtype=torch.float64)
        loader = DataLoader(dataset, batch_size=64, shuffle=True)
        for x, y in loader:
            model(x)
    """,
    "collate_function_moves_the_batch": """
        import torch
        from torch.utils.data import DataLoader

        def pad_batch(rows):
            tokens = torch.nn.utils.rnn.pad_sequence([torch.tensor(r[0]) for r in rows], batch_first=True)
            return {"tokens": tokens.to("cuda"), "target": torch.tensor([r[1] for r in rows], device="cuda")}

        encoder = TextNet().cuda()
        for batch in DataLoader(corpus, batch_size=32, shuffle=True, collate_fn=pad_batch):
            scores = encoder(batch["tokens"])
            criterion(scores, batch["target"]).backward()
    """,
    "every_entry_fed_is_moved": """
        import torch
        from torch.utils.data import DataLoader

        def pad_batch(rows):
            return {"tokens": stack_tokens(rows), "mask": stack_masks(rows), "target": stack_tags(rows)}

        encoder = TextNet().cuda()
        for batch in DataLoader(corpus, batch_size=32, shuffle=True, collate_fn=pad_batch):
            target = batch["target"].cuda()
            tokens = batch["tokens"].cuda()
            batch["mask"] = batch["mask"].cuda()
            scores = encoder(tokens, batch["mask"])
            criterion(scores, target).backward()
    """,
    "keyword_unpacked_batch_with_one_entry_moved": """
        import torch
        from torch.utils.data import DataLoader

        encoder = TextNet().cuda()
        for batch in DataLoader(corpus, batch_size=32, shuffle=True):
            batch["tokens"] = batch["tokens"].cuda()
            encoder(**batch)
    """,
    "trainer_moves_what_it_is_given": """
        import torch
        from torch.utils.data import DataLoader

        class Runner:
            def __init__(self, net, batches, opt):
                self.net = net
                self.batches = batches
                self.opt = opt

            def epoch(self):
                for signal, tag in self.batches:
                    signal, tag = signal.cuda(), tag.cuda()
                    self.opt.zero_grad()
                    criterion(self.net(signal), tag).backward()
                    self.opt.step()

        net = SignalNet().cuda()
        runner = Runner(net, DataLoader(signals, batch_size=8, shuffle=True), torch.optim.SGD(net.parameters(), lr=0.1))
        runner.epoch()
    """,
    "trainer_given_a_model_left_on_the_cpu": """
        import torch
        from torch.utils.data import DataLoader

        class Runner:
            def __init__(self, net, batches):
                self.net = net
                self.batches = batches

            def epoch(self):
                for signal, tag in self.batches:
                    criterion(self.net(signal), tag).backward()

        net = SignalNet()
        Runner(net, DataLoader(signals, batch_size=8, shuffle=True)).epoch()
    """,
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_message_points_at_the_move():
    (finding,) = assert_marked(FLAGGED["model_to_device_batches_not"])
    assert "`model` is moved to a device but" in finding.message
    assert [r.message for r in finding.related] == ["`model` is moved here"]
    assert "batch (`x`, `y`)" in finding.message
    assert [r.line for r in finding.related] == [6]


def test_a_step_helper_is_named_with_where_it_feeds_the_model_and_drops_the_move():
    (finding,) = assert_marked(FLAGGED["step_helper_drops_the_move_of_the_batch_it_is_given"])
    assert "but `fit_batch` feeds it a batch of this loader that was never moved" in finding.message
    assert (
        "never moved (line 10): `.to(...)` returns a moved copy, and it is dropped"
        in finding.message
    )
    assert (7, "the moved copy is dropped here") in [(r.line, r.message) for r in finding.related]
