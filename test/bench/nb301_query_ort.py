"""Python onnxruntime twin of archwalk's NB301 YAHPO batch queries, driven by
test/bench/nb301-compare.ts.

    python3 nb301_query_ort.py MODEL.onnx CAT.i32 EPOCHS.f32 ROWS THREADS

Loads the (symbolic-batch) model archwalk runs, with THREADS intra-op threads, and answers
"RUNS n" with the wall milliseconds of n session runs on the ROWS-row batch it was given,
space-separated; "PREDICT" with the first row's output; "QUIT" ends it. The first line it
prints names the onnxruntime version and its threads.
"""
import sys
import time

import numpy as np
import onnxruntime as ort


def main():
    model, cat_path, epochs_path, rows, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(model, options, providers=['CPUExecutionProvider'])
    cat = np.fromfile(cat_path, dtype=np.int32).reshape(rows, -1)
    epochs = np.fromfile(epochs_path, dtype=np.float32).reshape(rows, 1)
    names = [i.name for i in session.get_inputs()]
    feeds = {names[0]: cat, names[1]: epochs}
    print(f'onnxruntime {ort.__version__} (Python, CPUExecutionProvider, {threads} thread{"s" if threads > 1 else ""})', flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == 'QUIT':
            break
        if words[0] == 'PREDICT':
            print(' '.join(str(float(v)) for v in session.run(None, feeds)[0][0]), flush=True)
            continue
        times = []
        for _ in range(int(words[1])):
            started = time.perf_counter()
            session.run(None, feeds)
            times.append((time.perf_counter() - started) * 1000)
        print(' '.join(f'{t:.4f}' for t in times), flush=True)


if __name__ == '__main__':
    main()
