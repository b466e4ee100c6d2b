import numpy as np
import pandas as pd
from sklearn.preprocessing import RobustScaler

LOG_COLS = ["LotArea", "GrLivArea", "TotalBsmtSF", "1stFlrSF", "MasVnrArea", "LotFrontage"]


def engineer(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["TotalSF"] = out["TotalBsmtSF"].fillna(0) + out["1stFlrSF"] + out["2ndFlrSF"]
    out["Age"] = out["YrSold"] - out["YearBuilt"]
    out["RemodAge"] = out["YrSold"] - out["YearRemodAdd"]
    out["TotalBath"] = (out["FullBath"] + 0.5 * out["HalfBath"]
                        + out["BsmtFullBath"].fillna(0) + 0.5 * out["BsmtHalfBath"].fillna(0))
    return out


def preprocess(df, cols, scaler=None, fill_values=None):
    """Numeric block -> float32 matrix. Fit imputation values and the scaler only when not given."""
    frame = engineer(df)[cols].astype("float64")
    for c in LOG_COLS:
        if c in frame:
            frame[c] = np.log1p(frame[c].clip(lower=0))

    if fill_values is None:
        fill_values = frame.median()
    frame = frame.fillna(fill_values)

    if scaler is None:
        scaler = RobustScaler().fit(frame.values)
    X = scaler.transform(frame.values).astype(np.float32)
    return X, scaler, fill_values
