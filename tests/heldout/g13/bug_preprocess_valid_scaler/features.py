import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler

SKEWED = ("LIMIT_BAL", "BILL_AMT1", "BILL_AMT2", "BILL_AMT3", "PAY_AMT1", "PAY_AMT2", "PAY_AMT3")


def add_features(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    bills = df[["BILL_AMT1", "BILL_AMT2", "BILL_AMT3"]].sum(axis=1)
    pays = df[["PAY_AMT1", "PAY_AMT2", "PAY_AMT3"]].sum(axis=1)
    df["PAY_RATIO"] = pays / (bills.abs() + 1.0)
    df["UTIL"] = df["BILL_AMT1"] / (df["LIMIT_BAL"] + 1.0)
    df["N_LATE"] = (df[["PAY_0", "PAY_2", "PAY_3"]] > 0).sum(axis=1)
    return df


def preprocess(df, num_cols, cat_cols, target=None, scaler=None):
    """Turn a raw frame into (X, y, scaler).

    Numeric columns are log-transformed where skewed and standardised; categorical
    columns are one-hot encoded with a fixed category list so every split gets the
    same width.
    """
    df = add_features(df)
    num = df[num_cols].astype(np.float32).copy()
    for col in num.columns:
        if col in SKEWED:
            num[col] = np.sign(num[col]) * np.log1p(num[col].abs())

    if scaler is None:
        scaler = StandardScaler()
        scaler.fit(num.values)
    num_arr = scaler.transform(num.values).astype(np.float32)

    cat_parts = []
    for col, cats in cat_cols.items():
        codes = pd.Categorical(df[col], categories=cats)
        cat_parts.append(pd.get_dummies(codes, dtype=np.float32).values)
    X = np.concatenate([num_arr] + cat_parts, axis=1)

    y = df[target].values.astype(np.float32) if target is not None else None
    return X, y, scaler
