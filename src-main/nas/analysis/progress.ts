/** How a long analysis reports how far it has got: `done` of `total` units of its current phase. */
export type ProgressSink = (done: number, total: number) => void;

/** For callers that do not watch. */
export const ignoreProgress: ProgressSink = () => {};
