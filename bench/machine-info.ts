import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  /** 1/5/15-minute load averages when the run started: other work on a shared machine skews latency. */
  loadAverage: number[];
}

/** What a benchmark figure means depends on where it ran: printed before any figure. */
export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

export function formatMachine(machine: MachineInfo): string {
  return [
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM`,
    `         Node ${machine.node}, ${machine.os}`,
    `         load average at start ${machine.loadAverage.join(' / ')} (1/5/15 min)${(machine.loadAverage[0] ?? 0) > machine.cores ? ': busy, latencies include waiting for a CPU' : ''}`,
  ].join('\n');
}
