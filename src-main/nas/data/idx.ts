/**
 * IDX files (MNIST, Fashion-MNIST and their kin): a big-endian header — two zero bytes, a
 * type code, the number of dimensions — then one u32 size per dimension and the data.
 * Gzipped files (`*.gz`, as Debian's dataset packages ship them) are inflated first.
 * A malformed file is refused with what is wrong and where.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface IdxArray {
  /** Sizes of each dimension, outermost first (images: [count, rows, cols]). */
  shape: number[];
  /** The values; only unsigned bytes (type 0x08) are supported, as image datasets use. */
  data: Uint8Array;
}

export class IdxFormatError extends Error {
  override name = 'IdxFormatError';
}

const UNSIGNED_BYTE = 0x08;

/** Parses IDX bytes (inflating gzip when they start with its magic). `source` names them in errors. */
export function parseIdx(raw: Uint8Array, source = 'the IDX data'): IdxArray {
  let bytes = raw;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new IdxFormatError(`${source}: the gzip stream is damaged (${(error as Error).message})`);
    }
  }
  if (bytes.length < 4) throw new IdxFormatError(`${source}: ${bytes.length} bytes is too short for an IDX header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new IdxFormatError(`${source}: not an IDX file (the first two bytes must be zero)`);
  const type = bytes[2]!;
  const dims = bytes[3]!;
  if (type !== UNSIGNED_BYTE) throw new IdxFormatError(`${source}: element type 0x${type.toString(16)} is not supported (only unsigned bytes, 0x08)`);
  if (dims < 1 || dims > 4) throw new IdxFormatError(`${source}: ${dims} dimensions; expected 1 (labels) to 4`);
  const headerEnd = 4 + 4 * dims;
  if (bytes.length < headerEnd) throw new IdxFormatError(`${source}: truncated inside the header (byte ${bytes.length} of ${headerEnd})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = shape.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerEnd;
  if (actual < expected) throw new IdxFormatError(`${source}: truncated: the header promises ${expected} values (${shape.join('×')}), the file holds ${actual}`);
  if (actual > expected) throw new IdxFormatError(`${source}: ${actual - expected} bytes follow the ${shape.join('×')} values the header describes`);
  return { shape, data: bytes.subarray(headerEnd) };
}

export function readIdx(path: string): IdxArray {
  let raw: Uint8Array;
  try {
    raw = readFileSync(path);
  } catch (error) {
    throw new IdxFormatError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseIdx(raw, path);
}

export interface ImageDataset {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes, row-major. */
  images: Uint8Array;
  labels: Uint8Array;
  classes: number;
}

/** Pairs an image file with its label file, checking that they describe the same examples. */
export function imageDataset(images: IdxArray, labels: IdxArray, names = { images: 'the images', labels: 'the labels' }): ImageDataset {
  if (images.shape.length !== 3) throw new IdxFormatError(`${names.images}: expected 3 dimensions (count × rows × cols), found ${images.shape.length}`);
  if (labels.shape.length !== 1) throw new IdxFormatError(`${names.labels}: expected 1 dimension (count), found ${labels.shape.length}`);
  const [count, rows, cols] = images.shape as [number, number, number];
  if (labels.shape[0] !== count) throw new IdxFormatError(`${names.images} hold ${count} images but ${names.labels} hold ${labels.shape[0]} labels`);
  let classes = 0;
  for (const label of labels.data) classes = Math.max(classes, label + 1);
  return { count, rows, cols, images: images.data, labels: labels.data, classes };
}

export function loadImageDataset(imagesPath: string, labelsPath: string): ImageDataset {
  return imageDataset(readIdx(imagesPath), readIdx(labelsPath), { images: imagesPath, labels: labelsPath });
}

/** Averages `factor`×`factor` blocks: 28×28 → 14×14 with factor 2 (the cheap training recipes use it). */
export function downsample(dataset: ImageDataset, factor: number): ImageDataset {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`the down-sampling factor must be a positive integer, got ${factor}`);
  if (factor === 1) return dataset;
  if (dataset.rows % factor !== 0 || dataset.cols % factor !== 0) {
    throw new RangeError(`${dataset.rows}×${dataset.cols} images cannot be down-sampled by ${factor}`);
  }
  const rows = dataset.rows / factor;
  const cols = dataset.cols / factor;
  const out = new Uint8Array(dataset.count * rows * cols);
  const area = factor * factor;
  for (let n = 0; n < dataset.count; n++) {
    const src = n * dataset.rows * dataset.cols;
    const dst = n * rows * cols;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let sum = 0;
        for (let dr = 0; dr < factor; dr++) {
          const line = src + (r * factor + dr) * dataset.cols + c * factor;
          for (let dc = 0; dc < factor; dc++) sum += dataset.images[line + dc]!;
        }
        out[dst + r * cols + c] = Math.round(sum / area);
      }
    }
  }
  return { ...dataset, rows, cols, images: out };
}
