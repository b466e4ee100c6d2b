from torch.utils.data import DataLoader

from .data_loader import Dataset_Custom


def data_provider(args, flag):
    shuffle = flag == "train"
    drop_last = flag != "test"
    batch_size = args.batch_size if flag != "test" else 1
    data_set = Dataset_Custom(
        root_path=args.root_path,
        data_path=args.data_path,
        flag=flag,
        size=(args.seq_len, args.label_len, args.pred_len),
        target=args.target,
    )
    print(flag, len(data_set))
    data_loader = DataLoader(data_set, batch_size=batch_size, shuffle=shuffle,
                             num_workers=args.num_workers, drop_last=drop_last)
    return data_set, data_loader


def describe_split(data_set):
    x = data_set.data_x
    return {
        "rows": int(x.shape[0]),
        "channels": int(x.shape[1]),
        "windows": len(data_set),
    }


def check_args(args):
    if args.label_len > args.seq_len:
        raise ValueError("label_len must not exceed seq_len")
    if args.pred_len <= 0:
        raise ValueError("pred_len must be positive")
    return args


def split_sizes(n_rows):
    num_train = int(n_rows * 0.7)
    num_test = int(n_rows * 0.2)
    return num_train, n_rows - num_train - num_test, num_test
