/** Lets the host pause or stop a search or a training between steps. */
export interface SearchControl {
  readonly stopRequested: boolean;
  readonly paused: boolean;
  waitWhilePaused(): Promise<void>;
}
