/** Usage of `archwalk live`, apart from the command so that `archwalk help` does not load TensorFlow.js. */
export const LIVE_USAGE = `archwalk live train --recipe FILE [--seed N] < CELLS.jsonl
                                                  train each NB101 cell and print its accuracies
archwalk live build-table --recipe FILE --work DIR --out DIR [--max-vertices K] [--seeds 0,1,2]
                          [--workers N] [--limit N]
                                                  train every cell with ≤ K vertices into an NB101
                                                  table (resumable: rerun to continue)`;
