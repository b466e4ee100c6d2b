import torch
import torchvision

from losses import SoftTargetLoss, normalized, pseudo_labels
from teaching import soft_labels

teacher = torchvision.models.resnet50(num_classes=10).eval()
student = torchvision.models.resnet18(num_classes=10)
optimizer = torch.optim.SGD(student.parameters(), lr=0.1)
criterion = SoftTargetLoss(4.0)
layer_weights = normalized(torch.zeros(4))

for images, _ in train_loader:
    with torch.no_grad():
        teacher_logits = teacher(images)
        targets = pseudo_labels(teacher(images))  # <- TL014
        soft_targets = soft_labels(teacher_logits)  # <- TL014
    loss = criterion(student(images), teacher_logits)  # <- TL014
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

# One helper serves vectors and scores here: which call is wrong is not clear.
with torch.no_grad():
    mixed = normalized(student(probe_images))
