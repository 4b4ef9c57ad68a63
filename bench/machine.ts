import { cpus, totalmem } from 'node:os';

export interface Machine {
  model: string;
  cores: number;
  node: string;
  platform: string;
  totalMemoryMB: number;
}

export function machine(): Machine {
  const list = cpus();
  return {
    model: list[0]?.model.trim() ?? '?',
    cores: list.length,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    totalMemoryMB: Math.round(totalmem() / 1024 / 1024),
  };
}
