import torch

from utils import MetricLogger, accuracy


def train_one_epoch(model, criterion, optimizer, lr_scheduler, data_loader, device, epoch,
                    scaler=None, print_freq=100, clip_grad_norm=None):
    model.train()
    metric_logger = MetricLogger()
    header = f"Epoch: [{epoch}]"
    for image, target in metric_logger.log_every(data_loader, print_freq, header):
        image, target = image.to(device, non_blocking=True), target.to(device, non_blocking=True)
        with torch.autocast(device_type="cuda", enabled=scaler is not None):
            output = model(image)
            loss = criterion(output, target)

        optimizer.zero_grad()
        if scaler is not None:
            scaler.scale(loss).backward()
            if clip_grad_norm is not None:
                scaler.unscale_(optimizer)
                torch.nn.utils.clip_grad_norm_(model.parameters(), clip_grad_norm)
            scaler.step(optimizer)
            scaler.update()
        else:
            loss.backward()
            if clip_grad_norm is not None:
                torch.nn.utils.clip_grad_norm_(model.parameters(), clip_grad_norm)
            optimizer.step()
        lr_scheduler.step()  # EXPECT: TL011

        acc1, acc5 = accuracy(output, target, topk=(1, 5))
        metric_logger.update(n=image.size(0), loss=loss.item(), acc1=acc1, acc5=acc5,
                             lr=optimizer.param_groups[0]["lr"])
    return metric_logger.meters["loss"].global_avg


@torch.inference_mode()
def evaluate(model, criterion, data_loader, device):
    model.eval()
    metric_logger = MetricLogger()
    for image, target in metric_logger.log_every(data_loader, 100, "Test:"):
        image = image.to(device, non_blocking=True)
        target = target.to(device, non_blocking=True)
        output = model(image)
        loss = criterion(output, target)
        acc1, acc5 = accuracy(output, target, topk=(1, 5))
        metric_logger.update(n=image.size(0), loss=loss.item(), acc1=acc1, acc5=acc5)
    print(f"* Acc@1 {metric_logger.meters['acc1'].global_avg:.3f} "
          f"Acc@5 {metric_logger.meters['acc5'].global_avg:.3f}")
    return metric_logger.meters["acc1"].global_avg
