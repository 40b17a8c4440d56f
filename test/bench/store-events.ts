/** What the store benchmarks write: an event of the shape and size of a real NB201 architecture event. */
export function architectureEvent(query: number) {
  return {
    type: 'architecture',
    data: {
      query,
      hash: `|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|avg_pool_3x3~0|none~1|nor_conv_3x3~2|#${query}`,
      arch: [3, 1, 2, 4, 0, 3],
      valid: 0.9 - query * 1e-6,
      test: 0.89,
      incumbentValid: 0.91,
      incumbentTest: 0.9,
      incumbentHash: '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|',
      elapsedMs: query * 3,
    },
  };
}
