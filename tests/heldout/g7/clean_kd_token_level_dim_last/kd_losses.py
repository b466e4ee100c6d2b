import torch
import torch.nn.functional as F


def token_kd_loss(student_logits, teacher_logits, labels, temperature=2.0, alpha=0.5, ignore_index=-100):
    """Word-level distillation for causal LMs.

    student_logits, teacher_logits: [B, T, V]; labels: [B, T] with ignore_index on padding.
    """
    T = temperature
    mask = (labels != ignore_index).float()
    p_teacher = F.softmax(teacher_logits / T, -1)
    log_p_student = F.log_softmax(student_logits / T, dim=-1)
    kl = (p_teacher * (torch.log(p_teacher.clamp_min(1e-9)) - log_p_student)).sum(-1)
    kd = (kl * mask).sum() / mask.sum().clamp_min(1.0) * (T * T)
    ce = F.cross_entropy(student_logits.flatten(0, 1), labels.flatten(), ignore_index=ignore_index)
    return alpha * kd + (1 - alpha) * ce, {"kd": kd.item(), "ce": ce.item()}


def shift_for_causal_lm(input_ids, attention_mask, ignore_index=-100):
    labels = input_ids.clone()
    labels[attention_mask == 0] = ignore_index
    return input_ids[:, :-1], attention_mask[:, :-1], labels[:, 1:]
