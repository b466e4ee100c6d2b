import torch
import torch.nn.functional as F

from utils import AverageMeter, MetricLogger


def distillation_loss(student_logits, teacher_logits, targets, alpha=0.7, T=4.0):
    soft = F.kl_div(F.log_softmax(student_logits / T, dim=1), F.softmax(teacher_logits / T, dim=1),
                    reduction="batchmean") * (T * T)
    hard = F.cross_entropy(student_logits, targets)
    return alpha * soft + (1 - alpha) * hard, soft, hard


def train_one_epoch(student, teacher, loader, optimizer, device, epoch, alpha, temperature, print_freq=50):
    student.train()
    teacher.eval()
    logger = MetricLogger()
    loss_meter = AverageMeter()
    for images, targets in logger.log_every(loader, print_freq, header=f"Epoch [{epoch}]"):
        images = images.to(device, non_blocking=True)
        targets = targets.to(device, non_blocking=True)
        with torch.no_grad():
            t_logits = teacher(images)
        s_logits = student(images)
        loss, soft, hard = distillation_loss(s_logits, t_logits, targets, alpha, temperature)

        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        bs = images.size(0)
        loss_meter.update(loss, bs)
        logger.update(n=bs, loss=loss, kd=soft, ce=hard,
                      lr=optimizer.param_groups[0]["lr"])
    return loss_meter.avg


@torch.no_grad()
def evaluate(model, loader, device):
    model.eval()
    acc = AverageMeter()
    for images, targets in loader:
        images, targets = images.to(device), targets.to(device)
        correct = (model(images).argmax(1) == targets).float().mean()
        acc.update(correct, images.size(0))
    return acc.avg
