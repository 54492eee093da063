import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** 8 kHz mono 8-bit PCM: one byte per sample, so a 3-minute file is 1.4 MB. */
const SAMPLE_RATE = 8000;

function infoChunk(tags: Record<string, string>): Buffer {
  const parts: Buffer[] = [Buffer.from('INFO')];
  for (const [id, value] of Object.entries(tags)) {
    let data = Buffer.from(`${value}\0`, 'utf8');
    if (data.length % 2 === 1) data = Buffer.concat([data, Buffer.alloc(1)]);
    const head = Buffer.alloc(8);
    head.write(id, 0, 'ascii');
    head.writeUInt32LE(data.length, 4);
    parts.push(head, data);
  }
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('LIST', 0, 'ascii');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/**
 * A real WAV file of `durationMs` of silence, written by hand (RIFF, `fmt `, LIST/INFO with
 * INAM/IART/IPRD/IGNR, `data`), so tests know each file's exact length.
 */
export function wavFile(input: {
  durationMs: number;
  title?: string;
  artist?: string;
  album?: string;
  genre?: string;
  /** Samples a second; a low rate keeps hours of test audio small (the length is what matters). */
  sampleRate?: number;
}): Buffer {
  const rate = input.sampleRate ?? SAMPLE_RATE;
  const samples = Math.round((input.durationMs * rate) / 1000);
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'ascii');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8); // PCM
  fmt.writeUInt16LE(1, 10); // mono
  fmt.writeUInt32LE(rate, 12);
  fmt.writeUInt32LE(rate, 16); // byte rate
  fmt.writeUInt16LE(1, 20); // block align
  fmt.writeUInt16LE(8, 22); // bits per sample
  const tags: Record<string, string> = {};
  if (input.title) tags.INAM = input.title;
  if (input.artist) tags.IART = input.artist;
  if (input.album) tags.IPRD = input.album;
  if (input.genre) tags.IGNR = input.genre;
  const list = Object.keys(tags).length > 0 ? infoChunk(tags) : Buffer.alloc(0);
  const dataHead = Buffer.alloc(8);
  dataHead.write('data', 0, 'ascii');
  dataHead.writeUInt32LE(samples, 4);
  // 8-bit PCM is unsigned: 128 is silence.
  const data = Buffer.alloc(samples + (samples % 2), 128);
  const body = Buffer.concat([Buffer.from('WAVE'), fmt, list, dataHead, data]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

export function writeWav(path: string, input: Parameters<typeof wavFile>[0]): void {
  writeFileSync(path, wavFile(input));
}

/**
 * A library Chromium can play: 30 songs of 2:00–5:59 (3 kHz, the lowest rate it decodes, so two hours
 * weigh little), seven artists, in `dir` (created). For the in-app player's browser tests.
 */
export function writePlayableLibrary(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 30; i++) {
    writeWav(join(dir, `${String(i).padStart(2, '0')}.wav`), {
      durationMs: 120_000 + ((i * 7_919_333) % 240_000),
      title: `Song ${i}`,
      artist: `Artist ${i % 7}`,
      sampleRate: 3000,
    });
  }
}
