import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './src-main/nas/ml/backend.ts';
import { Rng } from './src-main/nas/rng.ts';
await selectBackend({ prefer: 'wasm' });
const rng = new Rng(3);
const [N,H,W,C]=(process.env.S??"1,4,4,1").split(",").map(Number);
const x = Float32Array.from({length:N*H*W*C},()=>rng.next()*2-1);
const dyv = Float32Array.from({length:N*H*W*C},()=>rng.next()*2-1);
function ref() { const dx = new Float32Array(x.length);
  for (let n=0;n<N;n++) for (let c=0;c<C;c++) for (let oy=0;oy<H;oy++) for (let ox=0;ox<W;ox++) { let best=-Infinity, bi=-1;
    for (let ky=-1;ky<=1;ky++) for (let kx=-1;kx<=1;kx++) { const iy=oy+ky, ix=ox+kx; if (iy<0||iy>=H||ix<0||ix>=W) continue; const at=((n*H+iy)*W+ix)*C+c; const v=x[at]!; if (v>best){best=v;bi=at;} }
    dx[bi]! += dyv[((n*H+oy)*W+ox)*C+c]!; } return dx; }
for (const b of ['wasm','cpu']) { await tf.setBackend(b);
  const xt = tf.tensor4d(x,[N,H,W,C]); const y = tf.maxPool(xt,3,1,'same'); const dy = tf.tensor4d(dyv,[N,H,W,C]);
  const g = tf.engine().runKernel('MaxPoolGrad',{dy, input: xt, output: y},{filterSize:3,strides:1,pad:'same',dimRoundingMode:undefined} as any) as tf.Tensor;
  const r = ref(); const d = g.dataSync(); let worst=0; for (let i=0;i<r.length;i++) worst=Math.max(worst,Math.abs(r[i]!-d[i]!)); console.log(b, 'max diff vs reference', worst); }
