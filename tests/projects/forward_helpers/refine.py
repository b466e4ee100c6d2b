from heatmaps import blur_peaks


def sharpen(maps, gain=2.0):
    return blur_peaks(maps) * gain
