from .meters import RunningMean, SafeMean
from .fitting import Fitter, commit_update, run_epochs
