import torch
import torch.nn as nn
import torch.nn.functional as F


class SoftTargetLoss(nn.Module):
    """Knowledge distillation: KL between softened student and teacher distributions."""

    def __init__(self, temperature=2.0):
        super().__init__()
        self.temperature = temperature

    def forward(self, student_logits, teacher_logits):
        soft_targets = F.softmax(teacher_logits / self.temperature, dim=0)
        log_probs = F.log_softmax(student_logits / self.temperature, dim=1)
        return F.kl_div(log_probs, soft_targets, reduction="batchmean")


def sharpen(scores, temperature):
    return torch.softmax(scores / temperature, 0)


def pseudo_labels(teacher_scores):
    return sharpen(teacher_scores, 0.5).argmax(1)


def normalized(weights):
    return torch.softmax(weights, dim=0)
