/** The lab commands' usage (kept apart so `archwalk help` does not load the lab's code). */
export const LAB_USAGE = `On a lab's shared store (--store postgres://… or ARCHWALK_STORE):
archwalk queue add CONFIG | queue list [--json] | runs list [--experiment ID] [--json]
archwalk worker [--concurrency N] [--tags a,b] [--shared DIR] [--max-attempts N] [--watch]
                                                       drain the shared queue here: runs whose tags this worker has and whose tables this machine holds`;
