def at_least(version, minimum):
    return tuple(int(p) for p in version.split(".")[:2]) >= tuple(int(p) for p in minimum.split("."))
