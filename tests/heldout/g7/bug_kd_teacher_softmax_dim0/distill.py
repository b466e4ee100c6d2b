import torch
import torch.nn as nn
import torch.nn.functional as F


class DistillationLoss(nn.Module):
    """Hinton et al. 2015: alpha * T^2 * KL(teacher || student) + (1 - alpha) * CE."""

    def __init__(self, temperature=4.0, alpha=0.9):
        super().__init__()
        self.T = temperature
        self.alpha = alpha
        self.ce = nn.CrossEntropyLoss()

    def forward(self, student_logits, teacher_logits, targets):
        T = self.T
        soft_teacher = F.softmax(teacher_logits / T, dim=0)  # EXPECT: TL014
        log_student = F.log_softmax(student_logits / T, dim=1)
        kd = F.kl_div(log_student, soft_teacher, reduction="batchmean") * (T * T)
        hard = self.ce(student_logits, targets)
        return self.alpha * kd + (1.0 - self.alpha) * hard, kd.detach(), hard.detach()


@torch.no_grad()
def agreement(student_logits, teacher_logits):
    return (student_logits.argmax(1) == teacher_logits.argmax(1)).float().mean().item()
