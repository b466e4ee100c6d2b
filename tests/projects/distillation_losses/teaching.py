from losses import sharpen


def soft_labels(teacher_scores, temperature=2.0):
    return sharpen(teacher_scores, temperature)
