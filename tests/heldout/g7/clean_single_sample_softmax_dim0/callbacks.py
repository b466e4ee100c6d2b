import torch
from torch.utils.tensorboard import SummaryWriter


class SamplePredictionLogger:
    """Logs the top-k predictions for a few fixed validation images to TensorBoard."""

    def __init__(self, dataset, class_names, indices=(0, 7, 42, 123), topk=3, logdir="runs/food"):
        self.dataset = dataset
        self.class_names = class_names
        self.indices = list(indices)
        self.topk = topk
        self.writer = SummaryWriter(logdir)

    @torch.no_grad()
    def __call__(self, model, epoch, device):
        was_training = model.training
        model.eval()
        for idx in self.indices:
            image, label = self.dataset[idx]
            logits = model(image.unsqueeze(0).to(device))[0]
            probs = torch.softmax(logits, dim=0)
            top_p, top_i = probs.topk(self.topk)
            text = ", ".join(f"{self.class_names[i]} ({p:.2f})" for p, i in zip(top_p.tolist(), top_i.tolist()))
            self.writer.add_text(f"sample_{idx}", f"gt={self.class_names[label]} | {text}", epoch)
            self.writer.add_scalar(f"sample_{idx}/p_true", probs[label].item(), epoch)
        if was_training:
            model.train()

    def log_scalars(self, epoch, **scalars):
        for k, v in scalars.items():
            self.writer.add_scalar(k, v, epoch)

    def close(self):
        self.writer.close()
