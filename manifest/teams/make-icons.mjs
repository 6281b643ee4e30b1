// Regenerates the Teams app icons (run: node manifest/teams/make-icons.mjs; needs the pngjs dev dependency).
// color.png: 192×192, the accent colour with a white ring and speech-bubble tail.
// outline.png: 32×32, white on fully transparent (Teams requires only white and transparent pixels).
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

function draw(size, inside, background) {
  const png = new PNG({ width: size, height: size });
  const c = size / 2;
  const outer = size * 0.38;
  const inner = size * 0.26;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const d = Math.hypot(x + 0.5 - c, y + 0.5 - c);
      const ring = d <= outer && d >= inner;
      const tail = x >= c && y >= c && x - c + (y - c) <= size * 0.42 && Math.abs(x - y) <= size * 0.08;
      const [r, g, b, a] = ring || tail ? inside : background;
      const i = (y * size + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = a;
    }
  }
  return PNG.sync.write(png);
}

const dir = new URL('./', import.meta.url);
writeFileSync(new URL('color.png', dir), draw(192, [255, 255, 255, 255], [0x1f, 0x4e, 0x79, 255]));
writeFileSync(new URL('outline.png', dir), draw(32, [255, 255, 255, 255], [255, 255, 255, 0]));
